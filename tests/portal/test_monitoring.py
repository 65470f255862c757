"""Optional error reports to Sentry without personal data, and JSON log lines."""

import json

from portal.monitoring import EMAIL_PLACEHOLDER, FILTERED, scrub_event
from tests.portal.test_settings import run_python

DSN = "https://0123456789abcdef@sentry.example/42"

SENTRY_CODE = """
import json
from django.conf import settings
settings.INSTALLED_APPS
import sentry_sdk
from sentry_sdk.transport import Transport

class Recorder(Transport):
    events = []
    def capture_envelope(self, envelope):
        self.events.extend(item.payload.json for item in envelope.items)

client = sentry_sdk.get_client()
client.transport = Recorder(client.options)
sentry_sdk.capture_message("Sending to maija.meikalainen@kunta.example failed")
client.flush()
print(json.dumps({
    "active": client.is_active(),
    "send_default_pii": client.options.get("send_default_pii"),
    "before_send": getattr(client.options.get("before_send"), "__name__", None),
    "events": Recorder.events,
}))
"""


def test_an_event_loses_cookies_private_headers_form_data_and_addresses():
    event = {
        "message": "Registration of liisa@hel.fi failed",
        "exception": {
            "values": [{"type": "EventFull", "value": "liisa@hel.fi: no seats"}]
        },
        "request": {
            "url": "https://muutostuki.example/fi/events/x/register/",
            "cookies": {"sessionid": "abc"},
            "data": {"name": "Liisa", "email": "liisa@hel.fi"},
            "headers": {
                "Cookie": "sessionid=abc",
                "X-Forwarded-For": "192.0.2.7",
                "User-Agent": "Firefox",
            },
        },
        "user": {"id": 7, "email": "liisa@hel.fi", "ip_address": "192.0.2.7"},
        "breadcrumbs": {"values": [{"message": "mail to liisa@hel.fi queued"}]},
    }

    scrubbed = scrub_event(event, {})

    assert "liisa@hel.fi" not in json.dumps(scrubbed)
    assert "192.0.2.7" not in json.dumps(scrubbed)
    assert scrubbed["message"] == f"Registration of {EMAIL_PLACEHOLDER} failed"
    assert "cookies" not in scrubbed["request"]
    assert "data" not in scrubbed["request"]
    assert scrubbed["request"]["headers"] == {
        "Cookie": FILTERED,
        "X-Forwarded-For": FILTERED,
        "User-Agent": "Firefox",
    }
    assert scrubbed["user"] == {"id": 7}


def test_sentry_reports_without_personal_data_when_a_dsn_is_set(tmp_path):
    result = run_python(
        SENTRY_CODE,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 60,
        SENTRY_DSN=DSN,
        PORTAL_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["active"] is True
    assert report["send_default_pii"] is False
    assert report["before_send"] == "scrub_event"
    [event] = report["events"]
    assert event["message"] == f"Sending to {EMAIL_PLACEHOLDER} failed"
    assert event["environment"] == "production"


def test_sentry_stays_off_without_a_dsn(tmp_path):
    result = run_python(
        SENTRY_CODE,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 60,
        PORTAL_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["active"] is False
    assert report["events"] == []


def test_json_log_lines_when_asked(tmp_path):
    code = (
        "import django, logging; django.setup(); "
        "log = logging.getLogger('portal.test')\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n    log.exception('Laskenta %s', 'epäonnistui')"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 60,
        PORTAL_LOG_FORMAT="json",
        PORTAL_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.strip().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "portal.test"
    assert entry["message"] == "Laskenta epäonnistui"
    assert entry["time"].endswith("Z")
    assert "ZeroDivisionError" in entry["exception"]


def test_an_unknown_log_format_is_refused(tmp_path):
    result = run_python(
        "from django.conf import settings; settings.INSTALLED_APPS",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 60,
        PORTAL_LOG_FORMAT="xml",
        PORTAL_DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "PORTAL_LOG_FORMAT must be text or json." in result.stderr
