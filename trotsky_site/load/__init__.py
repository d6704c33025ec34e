"""Load: content files read, YAML parsed, front matter checked against each kind's schema, dates, settings and
the bibliography. Nothing here knows about HTML.
"""
