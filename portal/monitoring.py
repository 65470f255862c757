"""Error reports to Sentry (when `SENTRY_DSN` is set) without personal data, and log
lines as JSON (when `PORTAL_LOG_FORMAT=json`) for the log collector an operator runs.

Imported by the settings, so it imports nothing from Django's apps.
"""

import datetime
import json
import logging
import re
from typing import Any

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_PLACEHOLDER = "[e-mail]"
FILTERED = "[Filtered]"
# Request headers that identify a person or a session.
PRIVATE_HEADERS = {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "from"}


def scrub_text(value: Any) -> Any:
    """The value with every e-mail address in it (strings, lists, dicts) replaced."""
    if isinstance(value, str):
        return EMAIL_ADDRESS.sub(EMAIL_PLACEHOLDER, value)
    if isinstance(value, dict):
        return {key: scrub_text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_text(item) for item in value]
    return value


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's `before_send`: drop cookies, private headers, the user's identity and
    submitted form data, and replace e-mail addresses everywhere else."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: FILTERED if name.lower() in PRIVATE_HEADERS else value
                for name, value in headers.items()
            }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return scrub_text(event)


def init_sentry(*, dsn: str, environment: str) -> None:
    """Report errors to Sentry: no personal data by default, and `scrub_event` on every
    event; no performance tracing."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        before_send=scrub_event,
        traces_sample_rate=0,
        max_request_body_size="never",
    )


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, and the traceback
    of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, log_format: str, level: str = "WARNING") -> dict:
    """The `LOGGING` setting: everything to standard error (journald or the container
    runtime collects it), as text or as JSON lines."""
    formatter = (
        {"()": "portal.monitoring.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"portal": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "portal"}
        },
        "root": {"handlers": ["console"], "level": level},
    }
