"""A demo module whose own import fails: seed_demo must not mistake it for a missing one."""

import muutostuki_module_that_does_not_exist  # noqa: F401


def seed(*, log) -> None:
    log("never reached")
