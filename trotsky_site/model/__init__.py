"""Model: the frozen values every later stage reads: kinds, pages, the site with its name index, links, URLs,
places and citations.
"""
