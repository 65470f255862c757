"""SQLite (FTS5): query words stripped of the active language's endings and matched as
the beginning of the indexed words. Imported only on SQLite, where Wagtail defines its
FTS5 index model."""

from functools import reduce

from django.utils import translation

from wagtail.search.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import PlainText

from .stemming import query_stem


class LanguageSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        """Plain words match any word beginning with their stem in the active
        language; Wagtail's handling of the other query types stays."""
        if not isinstance(query, PlainText):
            return super().build_search_query_content(query, config=config)
        terms = query.query_string.split()
        if not terms:
            return None
        language = translation.get_language()
        lexemes = [Lexeme(query_stem(term, language), prefix=True) for term in terms]
        if query.operator.upper() == "AND":
            combined = reduce(lambda a, b: a & b, lexemes)
        else:
            combined = reduce(lambda a, b: a | b, lexemes)
        return SearchQueryExpression(combined, config=config)


class LanguageSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = LanguageSQLiteQueryCompiler
