"""The demo: data files an editor can change, and the code that loads them.

`registry` holds the loaders that apps register and `seed_demo` runs; `loader` is the
portal's own (pages, statements, home pages, site settings, the demo admin); `calendar`,
`data` and `pages` are what every app's loader uses to read its files, date its content on
working days and build pages. The YAML and Markdown files beside them are the portal's own
content. docs/demo.md describes the whole demo.
"""
