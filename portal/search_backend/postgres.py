"""PostgreSQL: each object indexed with its language's text search configuration, the
query stemmed in every language's configuration."""

from functools import reduce

from django.utils import translation

from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class LanguageIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index each object with the configuration of its language: objects are
        grouped by configuration and each group is written as Wagtail writes a batch
        (one query for the languages of the batch, one insert per configuration)."""
        objs = list(objs)
        language_of = self.backend.languages_of_locales(objs)
        groups: dict[str, list] = {}
        for obj in objs:
            config = self.backend.config_for_language(
                language_of.get(getattr(obj, "locale_id", None))
            )
            groups.setdefault(config, []).append(obj)
        for config, group in groups.items():
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        """Every language's configuration, the active language's first."""
        return backend.query_configs()

    def build_tsquery(self, query, config=None):
        """The query stemmed in each configuration, any of them matching."""
        if not isinstance(config, tuple):
            return super().build_tsquery(query, config=config)
        tsqueries = []
        for each in config:
            tsquery = super().build_tsquery(query, config=each)
            if tsquery is not None:
                tsqueries.append(tsquery)
        return reduce(lambda a, b: a | b, tsqueries) if tsqueries else None


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = LanguageQueryCompiler
    index_class = LanguageIndex

    def __init__(self, params):
        super().__init__(params)
        self.params = params
        self.configs_by_language = dict(params.get("SEARCH_CONFIGS_BY_LANGUAGE", {}))

    def with_config(self, config: str) -> PostgresSearchBackend:
        """Wagtail's own backend with this one configuration, to index a batch."""
        backend = PostgresSearchBackend(self.params)
        backend.config = config
        return backend

    def config_for_language(self, language_code: str | None) -> str:
        return self.configs_by_language.get(language_code, self.config)

    def query_configs(self) -> tuple[str, ...]:
        first = self.config_for_language(translation.get_language())
        others = [self.config, *self.configs_by_language.values()]
        return tuple(dict.fromkeys([first, *others]))

    @staticmethod
    def languages_of_locales(objs) -> dict[int, str]:
        """The language code of each locale the objects are in, by locale id (one
        query, none when the objects have no locale)."""
        from wagtail.models import Locale

        locale_ids = {getattr(obj, "locale_id", None) for obj in objs} - {None}
        if not locale_ids:
            return {}
        return dict(
            Locale.objects.filter(pk__in=locale_ids).values_list("pk", "language_code")
        )
