"""Staff decisions, re-verification on change, roles and account deletion (no HTTP)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from wagtail.models import ModelLogEntry

import pytest
from allauth.account.models import EmailAddress

from network import personal_data, services
from network.exceptions import (
    MembershipPermissionError,
    MembershipStateError,
    NotEligibleError,
)
from network.models import MemberProfile
from portal.models import OutgoingEmail
from tests.factories.network import (
    add_email,
    make_member,
    make_membership_manager,
    make_moderator,
    make_pending,
    municipality,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

Status = MemberProfile.Status
NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def manager():
    return make_membership_manager(email="paatos@muutostuki.example")


def entries(profile):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MemberProfile),
        object_id=str(profile.pk),
    ).order_by("pk")


def in_members_group(user) -> bool:
    return user.groups.filter(name="Network members").exists()


def test_approve_verifies_notifies_in_users_language_and_logs(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="maria@example.com", preferred_language="sv")
    profile = make_pending(user=user, municipality=municipality("499"))
    with django_capture_on_commit_callbacks(execute=True):
        profile = services.approve_membership(
            profile=profile, by=manager, reason="Kontrollerad per telefon.", now=NOW
        )
    assert profile.status == Status.VERIFIED
    assert profile.verification_method == MemberProfile.VerificationMethod.STAFF
    assert profile.decided_by == manager
    assert profile.decided_at == NOW
    assert in_members_group(user)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["maria@example.com"]
    assert "medlemskap" in message.subject.lower()
    assert "Korsholm" in message.body
    assert "Kontrollerad per telefon." in message.body
    assert "/sv/network/account/" in message.body
    entry = entries(profile).get()
    assert entry.action == "network.membership.approve"
    assert entry.user == manager
    assert entry.timestamp == NOW
    assert entry.data["reason"] == "Kontrollerad per telefon."


def test_reject_keeps_user_out_and_tells_the_reason(manager, mailoutbox):
    profile = make_pending()
    profile = services.reject_membership(
        profile=profile, by=manager, reason="Ei kunnan työntekijä.", now=NOW
    )
    assert profile.status == Status.REJECTED
    assert profile.status_reason == "Ei kunnan työntekijä."
    assert not in_members_group(profile.user)
    message = OutgoingEmail.objects.get(to=profile.user.email)
    assert "Ei kunnan työntekijä." in message.body_text
    assert message.kind == "membership"
    assert entries(profile).get().action == "network.membership.reject"


def test_revoke_removes_member_and_moderator_groups(manager):
    profile = make_moderator()
    profile = services.revoke_membership(profile=profile, by=manager, now=NOW)
    assert profile.status == Status.REVOKED
    assert not profile.user.groups.exists()
    assert OutgoingEmail.objects.filter(to=profile.user.email).count() == 1
    assert entries(profile).get().action == "network.membership.revoke"


def test_approve_after_revoke_restores_membership(manager):
    profile = services.revoke_membership(profile=make_member(), by=manager, now=NOW)
    profile = services.approve_membership(profile=profile, by=manager, now=NOW)
    assert profile.status == Status.VERIFIED
    assert in_members_group(profile.user)


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.reject_membership, Status.VERIFIED),
        (services.revoke_membership, Status.PENDING),
        (services.approve_membership, Status.VERIFIED),
        (services.reject_membership, Status.REJECTED),
    ],
)
def test_decision_that_does_not_fit_the_status_changes_nothing(
    manager, service, status
):
    profile = make_pending()
    MemberProfile.objects.filter(pk=profile.pk).update(status=status)
    with pytest.raises(MembershipStateError):
        service(profile=profile, by=manager, now=NOW)
    profile.refresh_from_db()
    assert profile.status == status
    assert not entries(profile).exists()
    assert not OutgoingEmail.objects.exists()


def test_only_membership_managers_decide(staff_user, member_user):
    profile = make_pending()
    for user in (staff_user, member_user, None):
        with pytest.raises(MembershipPermissionError):
            services.approve_membership(profile=profile, by=user, now=NOW)
    profile.refresh_from_db()
    assert profile.status == Status.PENDING


def test_superuser_may_decide(superuser):
    profile = services.approve_membership(profile=make_pending(), by=superuser)
    assert profile.status == Status.VERIFIED


def test_approve_needs_a_municipality(manager):
    profile = make_pending(municipality=None)
    with pytest.raises(NotEligibleError):
        services.approve_membership(profile=profile, by=manager, now=NOW)


def test_changing_municipality_of_staff_approved_member_asks_again(manager):
    profile = services.approve_membership(
        profile=make_pending(user=UserFactory(email="a@example.com")), by=manager
    )
    profile = services.update_profile(
        profile=profile, data={"municipality": municipality("564")}, now=NOW
    )
    assert profile.status == Status.PENDING
    assert profile.requested_at == NOW
    assert not in_members_group(profile.user)
    assert entries(profile).last().action == "network.membership.request"


def test_changing_municipality_to_matching_domain_verifies():
    profile = make_pending(user=UserFactory(email="a@ouka.fi"))
    profile = services.update_profile(
        profile=profile, data={"municipality": municipality("564")}, now=NOW
    )
    assert profile.status == Status.VERIFIED
    assert entries(profile).last().data["addresses"] == ["a@ouka.fi"]


def test_changing_only_the_title_does_not_rerun_verification():
    profile = make_member(user=UserFactory(email="a@example.com"))
    profile = services.update_profile(
        profile=profile, data={"title": "Työllisyyspalvelujen päällikkö"}
    )
    assert profile.status == Status.VERIFIED
    assert profile.title == "Työllisyyspalvelujen päällikkö"
    assert not entries(profile).exists()


def test_leaving_municipal_organisation_ends_membership():
    profile = make_member()
    profile = services.update_profile(
        profile=profile,
        data={"organisation_type": MemberProfile.OrganisationType.STATE_AGENCY},
        now=NOW,
    )
    assert profile.status == Status.NONE
    assert not in_members_group(profile.user)
    assert entries(profile).last().action == "network.membership.lapse"


def test_revoked_member_stays_revoked_after_changing_municipality(manager):
    profile = services.revoke_membership(
        profile=make_member(user=UserFactory(email="a@ouka.fi")), by=manager
    )
    profile = services.update_profile(
        profile=profile, data={"municipality": municipality("564")}
    )
    assert profile.status == Status.REVOKED


def test_update_profile_saves_roles_languages_and_name():
    profile = services.update_profile(
        profile=make_pending(),
        data={
            "first_name": "Aino",
            "last_name": "Mäkelä",
            "reform_roles": ["koto24", "other"],
            "languages": ["fi", "sv"],
            "is_listed_in_directory": True,
        },
    )
    profile.refresh_from_db()
    assert profile.reform_roles == ["koto24", "other"]
    assert profile.is_koto24_preparer and not profile.is_te24_preparer
    assert profile.languages == ["fi", "sv"]
    assert profile.user.get_full_name() == "Aino Mäkelä"


def test_confirming_a_municipal_address_verifies_pending_member():
    profile = make_pending(user=UserFactory(email="a@example.com"))
    address = add_email(profile.user, "a@hel.fi", verified=False)
    services.reverify_membership(user=profile.user)
    profile.refresh_from_db()
    assert profile.status == Status.PENDING
    address.verified = True
    address.save()
    profile = services.reverify_membership(user=profile.user, now=NOW)
    assert profile.status == Status.VERIFIED
    assert in_members_group(profile.user)


def test_removing_the_matching_address_sends_domain_member_back_to_pending():
    user = UserFactory(email="a@example.com")
    address = add_email(user, "a@hel.fi")
    profile = services.update_profile(
        profile=services.profile_for(user), data={"municipality": municipality("091")}
    )
    assert profile.status == Status.VERIFIED
    address.delete()
    profile = services.reverify_membership(user=user, now=NOW)
    assert profile.status == Status.PENDING
    assert not in_members_group(user)
    assert entries(profile).last().action == "network.membership.lapse"


def test_email_change_keeps_staff_approved_member(manager):
    profile = services.approve_membership(
        profile=make_pending(user=UserFactory(email="a@example.com")), by=manager
    )
    add_email(profile.user, "a@gmail.example")
    profile = services.reverify_membership(user=profile.user)
    assert profile.status == Status.VERIFIED


def test_confirmed_address_does_not_lift_a_revocation(manager):
    profile = services.revoke_membership(
        profile=make_member(user=UserFactory(email="a@example.com")), by=manager
    )
    add_email(profile.user, "a@hel.fi")
    assert services.reverify_membership(user=profile.user).status == Status.REVOKED


def test_allauth_email_confirmed_signal_reruns_verification(rf):
    from allauth.account.signals import email_confirmed

    profile = make_pending(user=UserFactory(email="a@example.com"))
    address = add_email(profile.user, "a@hel.fi")
    email_confirmed.send(
        sender=EmailAddress, request=rf.get("/"), email_address=address
    )
    profile.refresh_from_db()
    assert profile.status == Status.VERIFIED


def test_allauth_email_removed_signal_reruns_verification(rf):
    from allauth.account.signals import email_removed

    user = UserFactory(email="a@example.com")
    address = add_email(user, "a@hel.fi")
    services.update_profile(
        profile=services.profile_for(user), data={"municipality": municipality("091")}
    )
    address.delete()
    email_removed.send(
        sender=EmailAddress, request=rf.get("/"), user=user, email_address=address
    )
    assert services.profile_for(user).status == Status.PENDING


def test_grant_roles_adds_groups_once_and_logs(manager):
    user = UserFactory()
    services.grant_moderator(user=user, by=manager)
    services.grant_moderator(user=user, by=manager)
    services.grant_membership_manager(user=user, by=manager)
    assert set(user.groups.values_list("name", flat=True)) == {
        "Forum moderators",
        "Membership managers",
    }
    assert ModelLogEntry.objects.filter(action="network.role.grant").count() == 2


def test_delete_account_anonymises_user_and_erases_network_data(manager):
    user = UserFactory(
        email="poistuja@hel.fi", first_name="Pirjo", last_name="Poistuja"
    )
    add_email(user, "pirjo@example.com")
    profile = services.reject_membership(
        profile=make_pending(user=user), by=manager, reason="Pirjo ei ole kunnalla."
    )
    profile_pk = profile.pk
    user = services.delete_account(user=user, now=NOW)
    user.refresh_from_db()
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert (user.first_name, user.last_name) == ("", "")
    assert not user.is_active and not user.has_usable_password()
    assert not user.groups.exists()
    assert personal_data.is_erased(user)
    with translation.override("en"):
        assert personal_data.display_name(user) == "deleted user"
    assert not MemberProfile.objects.filter(pk=profile_pk).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not OutgoingEmail.objects.filter(to="poistuja@hel.fi").exists()
    decision = ModelLogEntry.objects.get(action="network.membership.reject")
    assert decision.user == manager
    assert decision.label == str(personal_data.DELETED_USER_LABEL)
    assert decision.data == {}
    assert ModelLogEntry.objects.filter(action="network.account.delete").exists()


def test_delete_account_runs_registered_erase_hooks_first():
    seen = []

    def erase(user):
        seen.append((user.email, MemberProfile.objects.filter(user=user).exists()))

    personal_data.register("test_source", collect=lambda user: None, erase=erase)
    try:
        user = make_member(user=UserFactory(email="hook@hel.fi")).user
        services.delete_account(user=user)
    finally:
        personal_data._sources.pop("test_source")
    assert seen == [("hook@hel.fi", True)]


def test_failing_erase_hook_leaves_the_account_untouched():
    def erase(user):
        raise RuntimeError("boom")

    personal_data.register("failing", collect=lambda user: None, erase=erase)
    user = make_member(user=UserFactory(email="stays@hel.fi")).user
    try:
        with pytest.raises(RuntimeError):
            services.delete_account(user=user)
    finally:
        personal_data._sources.pop("failing")
    user.refresh_from_db()
    assert user.is_active and user.email == "stays@hel.fi"
    assert MemberProfile.objects.filter(user=user).exists()


def test_collect_personal_data_holds_account_profile_addresses_and_history(manager):
    user = UserFactory(email="tieto@example.com", first_name="Tiina")
    add_email(user, "tiina@hel.fi", verified=False)
    profile = services.update_profile(
        profile=services.profile_for(user),
        data={
            "municipality": municipality("091"),
            "title": "Kotoutumiskoordinaattori",
            "reform_roles": ["koto24"],
            "languages": ["fi"],
        },
        now=timezone.now(),
    )
    services.approve_membership(profile=profile, by=manager)
    data = personal_data.collect_personal_data(user)
    assert data["account"]["email"] == "tieto@example.com"
    assert data["account"]["first_name"] == "Tiina"
    assert "Network members" in data["account"]["roles"]
    assert {a["email"] for a in data["email_addresses"]} == {
        "tieto@example.com",
        "tiina@hel.fi",
    }
    assert data["profile"]["municipality"] == {"code": "091", "name": "Helsinki"}
    assert data["profile"]["reform_roles"] == ["koto24"]
    assert data["profile"]["status"] == "verified"
    assert [e["action"] for e in data["membership_history"]] == [
        "network.membership.request",
        "network.membership.approve",
    ]
    assert data["emails_sent"][0]["to"] == "tieto@example.com"
