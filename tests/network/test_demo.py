"""The network demo: realistic people made through the services, idempotent."""

import pytest

from network.demo import loader as demo
from network.models import MemberProfile, Municipality
from portal.demo.loader import accounts
from portal.models import OutgoingEmail, User

pytestmark = pytest.mark.django_db

Status = MemberProfile.Status


def test_seed_creates_members_pending_moderator_and_manager():
    lines = []
    demo.seed(log=lines.append)
    profiles = MemberProfile.objects.filter(
        user__email__in=[p["email"] for p in demo.data()["members"]]
    )
    assert profiles.count() == len(demo.data()["members"]) == 25
    counts = {status: profiles.filter(status=status).count() for status in Status}
    assert counts[Status.VERIFIED] == 19
    assert counts[Status.PENDING] == 5
    assert counts[Status.REJECTED] == 1
    assert (
        profiles.filter(
            verification_method=MemberProfile.VerificationMethod.STAFF
        ).count()
        == 3
    )
    moderator = User.objects.get(email=demo.data()["moderator"])
    assert moderator.groups.filter(name="Forum moderators").exists()
    manager = User.objects.get(email=demo.manager_email())
    assert manager.has_perm("network.manage_membership")
    assert manager.check_password(accounts()["password"])
    swedish = User.objects.get(email="johanna.bjorklund@vaasa.example")
    assert swedish.preferred_language == "sv"
    assert swedish.profile.status == Status.VERIFIED
    assert all(m.to.endswith(".example") for m in OutgoingEmail.objects.all())
    assert any("25 demo people" in line for line in lines)


def test_seed_twice_changes_nothing():
    demo.seed(log=lambda line: None)
    before = (
        User.objects.count(),
        MemberProfile.objects.count(),
        OutgoingEmail.objects.count(),
    )
    lines = []
    demo.seed(log=lines.append)
    after = (
        User.objects.count(),
        MemberProfile.objects.count(),
        OutgoingEmail.objects.count(),
    )
    assert before == after
    assert lines == []


def test_seed_gives_the_municipalities_contact_addresses_and_keeps_staffs_own():
    turku = Municipality.objects.get(code="853")
    turku.contact_email = "kirjaamo@turku.fi"
    turku.save()
    lines = []
    demo.seed(log=lines.append)

    assert not Municipality.objects.filter(contact_email="").exists()
    for code in {person["municipality"] for person in demo.data()["members"]} - {"853"}:
        municipality = Municipality.objects.get(code=code)
        assert municipality.contact_email == (
            f"kirjaamo@{demo.demo_domain(municipality)}"
        )
    assert Municipality.objects.get(code="091").contact_email == "kirjaamo@hel.example"
    assert Municipality.objects.get(code="853").contact_email == "kirjaamo@turku.fi"
    assert any("307 municipalities a contact address" in line for line in lines)


def test_demo_has_one_account_per_office_role():
    from network import roles
    from network.demo import office_roles
    from portal import access
    from portal.demo.loader import accounts as demo_accounts

    demo.seed(log=lambda line: None)
    lines = []
    assert office_roles.seed(log=lines.append) == 3

    accounts = {
        roles.EDITORS_GROUP: "elina.saarinen@muutostuki.example",
        roles.MODERATORS_GROUP: demo.data()["moderator"],
        roles.REGISTRATION_STAFF_GROUP: "oskari.lehto@muutostuki.example",
        roles.MEMBERSHIP_MANAGERS_GROUP: demo.manager_email(),
        roles.ADMINISTRATORS_GROUP: "helena.nurmi@muutostuki.example",
    }
    assert set(accounts) == set(roles.OFFICE_GROUPS)
    for group, email in accounts.items():
        user = User.objects.get(email=email)
        assert user.groups.filter(name=group).exists(), group
        assert not user.is_staff and not user.is_superuser
        assert user.check_password(demo_accounts()["password"])
        assert access.can_access_admin(user), group
    editor = User.objects.get(email=accounts[roles.EDITORS_GROUP])
    assert access.can_view_members_content(editor)
    assert access.is_staff_editor(editor)
    assert len(lines) == 3

    assert office_roles.seed(log=lines.append) == 0
    assert len(lines) == 3
