"""Verification by e-mail domain: which addresses count, and the status they lead to."""

import pytest

from network import services
from network.models import MemberProfile
from tests.factories.network import add_domain, add_email, municipality
from tests.factories.portal import UserFactory

Status = MemberProfile.Status


@pytest.mark.parametrize(
    ("email", "domain", "expected"),
    [
        ("anna@oulu.fi", "oulu.fi", True),
        ("ANNA@OULU.FI", "oulu.fi", True),
        ("anna@Oulu.Fi", "OULU.fi", True),
        ("anna@sivistys.oulu.fi", "oulu.fi", True),
        ("anna@a.b.oulu.fi", "oulu.fi", True),
        ("anna@oulu.fi.", "oulu.fi", True),
        (" anna@oulu.fi ", "oulu.fi", True),
        ("anna@oulu.fi.evil.example", "oulu.fi", False),
        ("anna@eviloulu.fi", "oulu.fi", False),
        ("anna@evil-oulu.fi", "oulu.fi", False),
        ("anna@oulu.fin", "oulu.fi", False),
        ("anna@fi", "oulu.fi", False),
        ('"anna@oulu.fi"@evil.example', "oulu.fi", False),
        ("oulu.fi", "oulu.fi", False),
        ("@oulu.fi", "oulu.fi", False),
        ("anna@oulu.fi", "", False),
    ],
)
def test_email_matches_domain_only_on_domain_or_subdomain(email, domain, expected):
    assert services.email_matches_domain(email, domain) is expected


def _claim(user, code):
    profile = services.profile_for(user)
    return services.update_profile(
        profile=profile,
        data={
            "organisation_type": MemberProfile.OrganisationType.MUNICIPALITY,
            "municipality": municipality(code),
        },
    )


@pytest.mark.django_db
def test_claim_with_verified_address_on_domain_verifies_at_once():
    user = UserFactory(email="anna.virtanen@ouka.fi")
    profile = _claim(user, "564")
    assert profile.status == Status.VERIFIED
    assert profile.verification_method == MemberProfile.VerificationMethod.DOMAIN
    assert user.groups.filter(name="Network members").exists()


@pytest.mark.django_db
def test_uppercase_verified_address_verifies():
    user = UserFactory(email="x@example.com")
    add_email(user, "Anna.Virtanen@OUKA.FI")
    assert _claim(user, "564").status == Status.VERIFIED


@pytest.mark.django_db
def test_subdomain_address_verifies():
    user = UserFactory(email="anna@sivistys.ouka.fi")
    assert _claim(user, "564").status == Status.VERIFIED


@pytest.mark.django_db
def test_staff_added_domain_verifies():
    add_domain("564", "Oulu.fi")
    user = UserFactory(email="anna@oulu.fi")
    assert _claim(user, "564").status == Status.VERIFIED


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["anna@oulu.fi.evil.example", "anna@eviloulu.fi"])
def test_look_alike_domain_leaves_request_pending(email):
    add_domain("564", "oulu.fi")
    user = UserFactory(email=email)
    profile = _claim(user, "564")
    assert profile.status == Status.PENDING
    assert not user.groups.filter(name="Network members").exists()


@pytest.mark.django_db
def test_unverified_address_on_domain_does_not_verify():
    user = UserFactory(email="anna@example.com")
    add_email(user, "anna@ouka.fi", verified=False)
    assert _claim(user, "564").status == Status.PENDING


@pytest.mark.django_db
def test_address_of_another_municipality_does_not_verify():
    user = UserFactory(email="anna@hel.fi")
    assert _claim(user, "564").status == Status.PENDING


@pytest.mark.django_db
def test_other_organisation_types_do_not_become_members():
    user = UserFactory(email="anna@ouka.fi")
    profile = services.update_profile(
        profile=services.profile_for(user),
        data={
            "organisation_type": MemberProfile.OrganisationType.STATE_AGENCY,
            "municipality": municipality("564"),
        },
    )
    assert profile.status == Status.NONE


@pytest.mark.django_db
def test_employment_area_representative_can_be_verified():
    user = UserFactory(email="anna@ouka.fi")
    profile = services.update_profile(
        profile=services.profile_for(user),
        data={
            "organisation_type": MemberProfile.OrganisationType.EMPLOYMENT_AREA,
            "municipality": municipality("564"),
        },
    )
    assert profile.status == Status.VERIFIED


@pytest.mark.django_db
def test_municipality_for_email_prefers_the_most_specific_domain():
    add_domain("091", "kunta.ouka.fi")
    assert services.municipality_for_email("a@x.ouka.fi").code == "564"
    assert services.municipality_for_email("a@KUNTA.ouka.fi").code == "091"
    assert services.municipality_for_email("a@eviloulu.fi") is None
    assert services.municipality_for_email("not-an-address") is None
