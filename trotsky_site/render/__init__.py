"""Render: Markdown to HTML (with the link index and citations), then Jinja templates, data files, search and
previews, maps, the e-book, and the checks that need every page rendered.
"""
