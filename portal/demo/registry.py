"""The demo loaders that apps register, run in order by `seed_demo`.

`portal` does not import the other apps (dependencies point inward), so each app registers
its loader in its `AppConfig.ready()`, like the home page's sections. A loader reads its
app's data files (`<app>/demo/`) and creates what is missing through the app's services. A
loader runs after the loaders with a lower `order`, whose content it may build on: the
portal's pages (0), the network's people (10), the office's experts (20), events (30), the
knowledge base (40), the forums (50), their categories' themes (51), the municipalities'
shared practices (55) and the surveys (60).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

Log = Callable[[str], None]


@dataclass(frozen=True)
class DemoLoader:
    """`seed(log=)` creates the demo content that does not exist yet, leaves the rest
    alone, logs a line about what it creates and returns how many things it created."""

    key: str
    seed: Callable[..., int]
    order: int = 100


_loaders: dict[str, DemoLoader] = {}


def register(loader: DemoLoader) -> None:
    """Add (or replace, by key) a demo loader."""
    _loaders[loader.key] = loader


def registered_loaders() -> list[DemoLoader]:
    """The registered loaders in the order they run."""
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.key))


def run_loaders(loaders: Iterable[DemoLoader], *, log: Log) -> int:
    """Run the loaders one after another, each in its own transaction; how many things
    they created together."""
    created = 0
    for loader in loaders:
        with transaction.atomic():
            created += loader.seed(log=log)
    return created


class CountingLog:
    """Passes each line on and counts them, for a loader that logs one line per thing it
    creates."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.count = 0

    def __call__(self, line: str) -> None:
        self.count += 1
        self.log(line)
