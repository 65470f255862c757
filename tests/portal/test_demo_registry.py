"""The demo loaders' registry: the apps' loaders in dependency order, each in a transaction."""

import pytest

from portal.demo import registry
from portal.models import Theme

pytestmark = pytest.mark.django_db


def test_the_apps_register_their_loaders_network_first_then_experts_and_events():
    assert [loader.key for loader in registry.registered_loaders()] == [
        "portal",
        "network",
        "office_roles",
        "experts",
        "events",
        "materials",
        "forums",
        "forum_category_themes",
        "practices",
        "requests",
        "event_questions",
        "surveys",
        "letters",
    ]


def test_run_loaders_runs_them_in_the_given_order_and_adds_up_what_they_created():
    calls = []

    def loader(key: str, created: int) -> registry.DemoLoader:
        def seed(*, log):
            calls.append(key)
            log(f"{key} ran")
            return created

        return registry.DemoLoader(key=key, seed=seed)

    lines = []
    created = registry.run_loaders(
        [loader("first", 2), loader("second", 0), loader("third", 1)], log=lines.append
    )
    assert calls == ["first", "second", "third"]
    assert lines == ["first ran", "second ran", "third ran"]
    assert created == 3


def test_each_loader_runs_in_its_own_transaction():
    def keeps(*, log):
        Theme.objects.create(slug="kept", name_fi="Jää", name_sv="Kvar")
        return 1

    def fails(*, log):
        Theme.objects.create(slug="undone", name_fi="Peruttu", name_sv="Ångrad")
        raise RuntimeError("the loader's data is wrong")

    loaders = [
        registry.DemoLoader(key="keeps", seed=keeps),
        registry.DemoLoader(key="fails", seed=fails),
    ]
    with pytest.raises(RuntimeError):
        registry.run_loaders(loaders, log=lambda line: None)
    assert Theme.objects.filter(slug="kept").exists()
    assert not Theme.objects.filter(slug="undone").exists()


def test_registering_a_key_again_replaces_the_loader(monkeypatch):
    monkeypatch.setattr(registry, "_loaders", {})
    registry.register(registry.DemoLoader(key="b", seed=lambda *, log: 0, order=1))
    registry.register(registry.DemoLoader(key="a", seed=lambda *, log: 0, order=5))
    replacement = registry.DemoLoader(key="a", seed=lambda *, log: 1, order=1)
    registry.register(replacement)
    loaders = registry.registered_loaders()
    assert [(loader.key, loader.order) for loader in loaders] == [("a", 1), ("b", 1)]
    assert loaders[0] is replacement


def test_counting_log_passes_lines_on_and_counts_them():
    lines = []
    log = registry.CountingLog(lines.append)
    log("Created one.")
    log("Created another.")
    assert lines == ["Created one.", "Created another."]
    assert log.count == 2
