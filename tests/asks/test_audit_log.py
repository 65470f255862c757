"""The office's actions on requests are in Wagtail's audit log (the admin's site
history), with their labels; the requester's own actions are not."""

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

import pytest

from asks import services
from asks.models import Request
from tests.factories.asks import request_by
from tests.factories.materials import FaqPageFactory

pytestmark = pytest.mark.django_db


def audit_actions(request: Request) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Request),
            object_id=str(request.pk),
        )
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_admin_actions_write_the_audit_log(client, staff_user, member_user):
    client.force_login(staff_user)
    request = request_by(member_user)
    client.post(f"/admin/requests/{request.pk}/assign/", {"user": staff_user.pk})
    client.post(f"/admin/requests/{request.pk}/note/", {"body": "Muistiin"})
    client.post(f"/admin/requests/{request.pk}/decline/", {"reason": "Ei meille"})
    client.post(f"/admin/requests/{request.pk}/close/")

    assert audit_actions(request) == [
        "asks.assigned",
        "asks.note_added",
        "asks.declined",
        "asks.closed",
    ]
    entry = ModelLogEntry.objects.filter(action="asks.declined").get()
    assert entry.user == staff_user
    assert entry.data == {"from_state": "assigned", "to_state": "declined"}
    with translation.override("en"):
        assert str(registry.get_formatter(entry).label) == "Decline a request"


def test_replies_and_the_faq_draft_are_logged_but_not_the_requesters_actions(
    staff_user, member_user, home_page
):
    request = request_by(member_user, may_publish=True)
    services.ask_requester(request=request, by=staff_user, body="Mikä kunta?")
    services.add_information(request=request, by=member_user, body="Kotoinen")
    services.answer_request(request=request, by=staff_user, body="Vastaus")
    services.draft_faq_entry(
        request=request,
        by=staff_user,
        faq_page=FaqPageFactory(parent=home_page),
        question="K?",
        answer="V.",
    )
    assert audit_actions(request) == ["asks.asked", "asks.answered", "asks.faq_drafted"]


def test_site_history_lists_the_request_actions(client, staff_user, member_user):
    request = request_by(member_user)
    services.assign_request(request=request, by=staff_user, user=staff_user)
    client.force_login(staff_user)
    response = client.get("/admin/reports/site-history/?action=asks.assigned")
    assert response.status_code == 200
    assert str(request) in response.content.decode()


def test_every_audited_action_has_a_label():
    for action in services.AUDITED_ACTIONS:
        assert registry.action_exists(services.audit_log_action(action))


def test_erasing_a_request_removes_its_audit_log_entries(staff_user, member_user):
    from network.services import delete_account

    request = request_by(member_user)
    services.assign_request(request=request, by=staff_user, user=staff_user)
    assert audit_actions(request)
    delete_account(user=member_user)
    assert audit_actions(request) == []
