"""IR → text: one Jinja2 environment (`files`), the printer that spells IR values as Python and
Markdown (`printer`), and the escapers every spec string passes through (`escape`).

Importing this package loads nothing; `files` imports Jinja2.
"""
