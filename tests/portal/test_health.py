"""/health/ tells a load balancer the truth about the database, the cache and the queues,
with 200 or 503 and a short JSON body that gives nothing away."""

import datetime

from django.db import OperationalError
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from portal import health
from portal.cache_backends import PortalRedisCache
from portal.models import OutgoingEmail
from portal.tasks import MAX_ATTEMPTS
from tests.portal.test_settings import loaded_settings

pytestmark = pytest.mark.django_db

SECRET_HOST = "db-primary.internal.example"


def unsent(minutes_ago: int, **fields) -> OutgoingEmail:
    message = OutgoingEmail.objects.create(
        to="kunta@example.com", subject="Aihe", body_text="Teksti", **fields
    )
    OutgoingEmail.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return message


def waiting_task(minutes_ago: int, **fields) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="portal.tasks.send_outgoing_email",
        backend_name="default",
        run_after=fields.pop("run_after", get_date_max()),
        **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return task


def test_a_healthy_portal_answers_200_with_every_check(
    client, django_assert_max_num_queries
):
    unsent(minutes_ago=2)
    with django_assert_max_num_queries(5):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "mail", "tasks"}
    assert body["checks"]["mail"]["unsent"] == 1
    assert 100 <= body["checks"]["mail"]["oldest_unsent_seconds"] <= 200


def test_the_load_balancer_may_ask_by_address(client):
    assert client.get("/health/", HTTP_HOST="10.0.0.7").status_code == 200


def test_only_reading_is_allowed(client):
    assert client.post("/health/").status_code == 405


def test_a_failing_database_answers_503_without_saying_where_it_is(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError(f'connection to server at "{SECRET_HOST}" failed')

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "fail", "error": "OperationalError"}
    assert body["checks"]["cache"]["status"] == "ok"
    assert SECRET_HOST not in response.content.decode()


def test_an_unreachable_cache_answers_503(client, monkeypatch):
    monkeypatch.setattr(health, "cache", PortalRedisCache("redis://127.0.0.1:1/3", {}))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "fail"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_a_mail_left_unsent_too_long_answers_503(client, settings):
    settings.PORTAL_HEALTH_MAX_QUEUE_AGE_SECONDS = 30 * 60
    unsent(minutes_ago=31, status=OutgoingEmail.Status.FAILED, attempts=2)
    response = client.get("/health/")
    assert response.status_code == 503
    mail = response.json()["checks"]["mail"]
    assert mail["status"] == "fail"
    assert mail["oldest_unsent_seconds"] >= 31 * 60


def test_mails_given_up_on_are_counted_but_do_not_fail_the_check(client):
    """They wait for the office (Settings → Outgoing e-mails), not for a worker."""
    unsent(minutes_ago=600, status=OutgoingEmail.Status.FAILED, attempts=MAX_ATTEMPTS)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["mail"] == {
        "status": "ok",
        "unsent": 0,
        "oldest_unsent_seconds": None,
        "given_up": 1,
    }


def test_tasks_no_worker_takes_answer_503(client, settings):
    settings.PORTAL_TASK_BACKEND = "database"
    waiting_task(minutes_ago=45)
    waiting_task(minutes_ago=1)
    response = client.get("/health/")
    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert tasks["status"] == "fail"
    assert tasks["waiting"] == 2
    assert tasks["oldest_waiting_seconds"] >= 45 * 60


def test_a_retry_deferred_to_later_is_not_waiting(client, settings):
    settings.PORTAL_TASK_BACKEND = "database"
    waiting_task(
        minutes_ago=60, run_after=timezone.now() + datetime.timedelta(minutes=5)
    )
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"] == {
        "status": "ok",
        "waiting": 0,
        "oldest_waiting_seconds": None,
    }


def test_production_answers_health_checks_over_plain_http(client, settings):
    production = loaded_settings(
        "portal.settings.production",
        "SECURE_SSL_REDIRECT",
        "SECURE_REDIRECT_EXEMPT",
        SECRET_KEY="x" * 60,
    )
    settings.SECURE_SSL_REDIRECT = production["SECURE_SSL_REDIRECT"]
    settings.SECURE_REDIRECT_EXEMPT = production["SECURE_REDIRECT_EXEMPT"]
    assert settings.SECURE_SSL_REDIRECT is True
    assert client.get("/health/").status_code == 200
    assert client.get("/fi/").status_code == 301
