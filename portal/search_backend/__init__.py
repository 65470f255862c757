"""The site's search backend: Wagtail's database backend, stemming each language's
content in its own language.

Wagtail's database backend keeps one index table with one row per object, so several
backends with their own ``SEARCH_CONFIG`` would overwrite each other's rows (wagtail
#9253). Instead this one backend picks the configuration per object:

- **PostgreSQL**: an object with a locale (every page) is indexed with the text search
  configuration of its language (``SEARCH_CONFIGS_BY_LANGUAGE``: fi ``finnish``, sv
  ``swedish``, en ``english``), others (documents, images, people) with
  ``SEARCH_CONFIG``. A query is stemmed with each of those configurations and matches
  when any of them does, so a Finnish event found on the Swedish site is matched by its
  own Finnish stems.
- **SQLite** (FTS5, no stemmer for Finnish or Swedish): the index holds the words as
  written; each word of a query loses its inflectional ending by the simple rules of the
  active language (`query_stem`) and matches any word beginning with what is left.

Configure it with ``"BACKEND": "portal.search_backend"``; ``update_index`` and the
indexing on save work as with Wagtail's own backend.
"""

from django.db import connection

from wagtail.search.backends.database import SearchBackend as database_backend


def SearchBackend(params):
    """The backend for the database in use, as Wagtail's database backend chooses it
    (SQLite's FTS5 one only where FTS5 is available), with the languages added.
    Wagtail looks a backend module's `SearchBackend` up by this name."""
    if connection.vendor == "postgresql":
        from .postgres import LanguagePostgresSearchBackend

        return LanguagePostgresSearchBackend(params)
    backend = database_backend(params)
    if connection.vendor == "sqlite":
        # Wagtail defines its FTS5 index model only on SQLite.
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from .sqlite import LanguageSQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return LanguageSQLiteSearchBackend(params)
    return backend
