"""My account (profile, status, data download, deletion) and the member directory."""

import json

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

import pytest

from network import services
from network.account_sections import AccountSection, _sections
from network.account_sections import register as register_section
from network.models import MemberProfile, Municipality
from portal.models import User
from tests.factories.network import add_email, make_member, make_pending, municipality
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "/fi/network/account/"
DIRECTORY = "/fi/network/members/"


def profile_data(**overrides):
    data = {
        "first_name": "Aino",
        "last_name": "Mäkelä",
        "organisation_type": "municipality",
        "municipality": municipality("564").pk,
        "organisation_name": "",
        "title": "Kotoutumiskoordinaattori",
        "phone": "+358 40 123 4567",
        "reform_roles": ["koto24", "te24"],
        "languages": ["fi", "en"],
        "preferred_language": "fi",
        "is_listed_in_directory": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_account_shows_form_status_and_links(client, signed_in_user):
    client.force_login(signed_in_user)
    response = client.get(ACCOUNT)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="municipality"' in content
    assert reverse("account_email") in content
    assert reverse("account_change_password") in content
    assert reverse("network:personal_data") in content
    assert reverse("network:delete_account") in content
    assert "Valitse kuntasi" in content


def test_account_suggests_municipality_from_email_domain(client):
    user = UserFactory(email="anna@ouka.fi")
    client.force_login(user)
    form = client.get(ACCOUNT).context["form"]
    assert form.initial["municipality"] == municipality("564")


def test_saving_profile_with_municipal_address_verifies(client):
    user = UserFactory(email="anna@ouka.fi")
    client.force_login(user)
    response = client.post(ACCOUNT, profile_data())
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=user)
    assert profile.status == MemberProfile.Status.VERIFIED
    assert profile.reform_roles == ["koto24", "te24"]
    assert profile.languages == ["fi", "en"]
    assert profile.is_listed_in_directory
    user.refresh_from_db()
    assert user.get_full_name() == "Aino Mäkelä"
    page = client.get(ACCOUNT).content.decode()
    assert "Vahvistettu jäsen" in page
    assert "Oulu" in page


def test_saving_profile_without_municipal_address_waits_and_explains(client):
    user = UserFactory(email="anna@example.com")
    client.force_login(user)
    client.post(ACCOUNT, profile_data())
    page = client.get(ACCOUNT).content.decode()
    assert MemberProfile.objects.get(user=user).status == MemberProfile.Status.PENDING
    assert "ouka.fi" in page
    assert reverse("account_email") in page


def test_profile_errors_are_clear_and_translated(client, signed_in_user):
    client.force_login(signed_in_user)
    response = client.post(
        ACCOUNT, profile_data(first_name="", municipality="", phone="soita minulle")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["first_name"] == ["Kirjoita etunimesi."]
    assert "Valitse kunta" in errors["municipality"][0]
    assert "numeroina" in errors["phone"][0]
    content = response.content.decode()
    assert 'role="alert"' in content
    assert 'aria-invalid="true"' in content


def test_profile_errors_in_swedish(client, signed_in_user):
    client.force_login(signed_in_user)
    response = client.post(
        "/sv/network/account/",
        profile_data(organisation_type="state_agency", organisation_name=""),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organisation_name"] == [
        "Skriv namnet på din organisation."
    ]


def test_account_renders_registered_sections(
    client, signed_in_user, settings, tmp_path
):
    (tmp_path / "section.html").write_text("<section>{{ section.title }}</section>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    register_section(
        AccountSection(
            key="test",
            template="section.html",
            get_context=lambda request: {"title": "Testiosio"},
        )
    )
    try:
        client.force_login(signed_in_user)
        response = client.get(ACCOUNT)
    finally:
        _sections.pop("test")
    assert "Testiosio" in response.content.decode()


def test_data_download_is_json_of_everything(client):
    profile = make_pending(user=UserFactory(email="lataaja@example.com"))
    add_email(profile.user, "lataaja@hel.fi", verified=False)
    client.force_login(profile.user)
    response = client.get(reverse("network:personal_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    data = document["data"]
    assert data["account"]["email"] == "lataaja@example.com"
    assert data["profile"]["status"] == "pending"
    assert {a["email"] for a in data["email_addresses"]} == {
        "lataaja@example.com",
        "lataaja@hel.fi",
    }
    assert "generated_at" in document


def test_delete_account_asks_for_confirmation_first(client, member_user):
    client.force_login(member_user)
    client.post("/fi/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    response = client.get(reverse("network:delete_account"))
    assert response.status_code == 200
    response = client.post(reverse("network:delete_account"), {})
    assert response.status_code == 400
    assert "confirm" in response.context["form"].errors
    member_user.refresh_from_db()
    assert member_user.is_active


def test_delete_account_erases_and_logs_out(client, member_user):
    client.force_login(member_user)
    client.post("/fi/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    response = client.post(reverse("network:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    assert "poistettu" in response.content.decode()
    user = User.objects.get(pk=member_user.pk)
    assert not user.is_active
    assert user.email.endswith("@deleted.invalid")
    assert not MemberProfile.objects.filter(user=user).exists()
    assert client.get(ACCOUNT).status_code == 302


# --- Directory --------------------------------------------------------------------------


@pytest.fixture
def listed():
    def make(first, last, code, **fields):
        return make_member(
            user=UserFactory(first_name=first, last_name=last),
            municipality=municipality(code),
            is_listed_in_directory=True,
            **fields,
        )

    return make


def names(response) -> list[str]:
    return [profile.user.get_full_name() for profile in response.context["page_obj"]]


def test_directory_lists_only_consenting_verified_active_members(
    client, member_user, listed
):
    listed("Aino", "Aalto", "564")
    make_member(user=UserFactory(first_name="Piilo", last_name="Ei"))
    make_pending(
        user=UserFactory(first_name="Odot", last_name="Taja"),
        is_listed_in_directory=True,
    )
    gone = listed("Poissa", "Oleva", "091")
    User.objects.filter(pk=gone.user.pk).update(is_active=False)
    client.force_login(member_user)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == ["Aino Aalto"]


def test_directory_filters(client, member_user, listed):
    listed("Aino", "Aalto", "564", is_koto24_preparer=True)
    listed("Bertil", "Berg", "499", is_te24_preparer=True)
    listed("Cecilia", "Cederberg", "905", is_koto24_preparer=True)
    client.force_login(member_user)
    oulu = municipality("564")
    cases = {
        "q=aal": ["Aino Aalto"],
        "q=cecilia+CEDER": ["Cecilia Cederberg"],
        f"municipality={oulu.pk}": ["Aino Aalto"],
        "region=Pohjanmaa": ["Bertil Berg", "Cecilia Cederberg"],
        "wellbeing_county=Pohjois-Pohjanmaan+hyvinvointialue": ["Aino Aalto"],
        "employment_area=Pohjanmaa": ["Bertil Berg", "Cecilia Cederberg"],
        "role=te24": ["Bertil Berg"],
        "role=koto24&region=Pohjanmaa": ["Cecilia Cederberg"],
    }
    for query, expected in cases.items():
        assert names(client.get(f"{DIRECTORY}?{query}")) == expected, query


def test_directory_shows_municipality_names_in_swedish(client, member_user, listed):
    listed("Aino", "Aalto", "564")
    client.force_login(member_user)
    content = client.get("/sv/network/members/").content.decode()
    assert "Uleåborg" in content


def test_directory_filters_name_regions_in_the_reader_language(
    client, member_user, listed
):
    listed("Bertil", "Berg", "499")
    client.force_login(member_user)
    swedish = client.get("/sv/network/members/").content.decode()
    assert '<option value="Pohjanmaa">Österbotten</option>' in swedish
    assert '<option value="Uusimaa">Nyland</option>' in swedish
    assert (
        '<option value="Pohjanmaan hyvinvointialue">'
        "Österbottens välfärdsområde</option>" in swedish
    )
    assert names(client.get("/sv/network/members/?region=Pohjanmaa")) == ["Bertil Berg"]
    finnish = client.get(DIRECTORY).content.decode()
    assert '<option value="Uusimaa">Uusimaa</option>' in finnish


def test_directory_is_members_only(client, pending_user):
    client.force_login(pending_user)
    response = client.get(DIRECTORY)
    assert response.status_code == 403
    assert "Jäsenhakemisto" in response.content.decode()


def test_directory_query_count_is_bounded_with_many_members(
    client, member_user, django_assert_max_num_queries
):
    """300 municipalities and 2,000 listed members: a page costs the same few queries
    (about half of them are the site layout's: session, user, site, menu, header)."""
    municipalities = list(Municipality.objects.all()[:300])
    group = Group.objects.get(name="Network members")
    users = User.objects.bulk_create(
        User(email=f"jasen{n}@example.com", first_name=f"Etu{n}", last_name=f"Suku{n}")
        for n in range(2000)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            municipality=municipalities[n % 300],
            status=MemberProfile.Status.VERIFIED,
            is_listed_in_directory=True,
            is_koto24_preparer=n % 2 == 0,
            languages=["fi", "sv"],
        )
        for n, user in enumerate(users)
    )
    group.user_set.add(*users[:10])
    client.force_login(member_user)
    with django_assert_max_num_queries(22):
        response = client.get(f"{DIRECTORY}?role=koto24&page=3")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1000
    with django_assert_max_num_queries(22):
        client.get(DIRECTORY)


def test_language_of_account_page_follows_url(client, signed_in_user):
    client.force_login(signed_in_user)
    with translation.override("sv"):
        content = client.get("/sv/network/account/").content.decode()
    assert "Mitt konto" in content
    assert services.profile_for(signed_in_user).status == MemberProfile.Status.NONE


# --- How to join ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_join_page_shows_the_steps_and_sign_up_to_visitors(client, language):
    response = client.get(f"/{language}/network/join/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/{language}/accounts/signup/"' in html
    assert html.count("<h2>") >= 3


def test_join_page_shows_a_signed_in_person_where_they_are(client, signed_in_user):
    client.force_login(signed_in_user)
    html = client.get("/fi/network/join/").content.decode()
    assert "/fi/accounts/signup/" not in html.split("<main", 1)[1]
    assert 'href="/fi/network/account/"' in html
    assert signed_in_user.email in html
