"""The member's side of shared practices: the form, My account, the practice's page,
the library's practice facets and the home page."""

from wagtail.documents import get_document_model

import pytest
from bs4 import BeautifulSoup

from materials import services
from materials.models import PracticePage, PracticeSubmission
from portal.models import Theme
from tests.factories import files
from tests.factories.forums import CategoryFactory
from tests.factories.materials import PracticePageFactory, share_practice
from tests.factories.network import municipality
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

SHARE_URL = "/fi/materials/practices/share/"


def form_data(**overrides) -> dict:
    theme = Theme.objects.get(slug="tyollisyysalueet")
    return {
        "title": "Työllisyysalueen yhteinen ohjauspiste",
        "summary": "Yksi ohjauspiste kolmelle kunnalle.",
        "problem": "Asiakkaat eivät tienneet, minne mennä.",
        "description": "**Ohjauspiste** on auki arkisin.\n\n- Ajanvaraus\n- Etätapaamiset",
        "reform": "te24",
        "themes": [str(theme.pk)],
        "municipality": "743",
        "partner_municipalities": ["145", "152"],
        "language": "fi",
        "audience": "public",
        "links": "TyöLakeus https://www.example.fi/tyolakeus",
        "is_contact_person": "on",
        "confirms_rights": "on",
        **overrides,
    }


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def member(client, member_user):
    client.force_login(member_user)
    return member_user


@pytest.fixture
def published(material_index, member_user, staff_user):
    """The member's practice, published with its discussion in the forum."""
    CategoryFactory(slug="yleinen")
    submission = share_practice(user=member_user, is_contact_person=True)
    services.publish_practice(page=submission.page, by=staff_user)
    services.open_practice_discussion(
        page_id=submission.page_id, publisher_id=staff_user.pk
    )
    return PracticePage.objects.get(pk=submission.page_id)


# --- the form ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_share_form_renders_in_each_language(
    client, member, material_index, language
):
    response = client.get(f"/{language}/materials/practices/share/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="partner_municipalities"' in html
    assert 'type="file"' in html and "multiple" in html


def test_sharing_through_the_form_sends_the_practice_for_review(
    client, member, material_index
):
    response = client.post(
        SHARE_URL,
        {**form_data(), "files": [files.upload("Sopimus.pdf", files.PDF)]},
    )
    assert response.status_code == 302
    assert response["Location"] == "/fi/network/account/#practices"
    submission = PracticeSubmission.objects.get()
    page = submission.page
    assert page.title == "Työllisyysalueen yhteinen ohjauspiste"
    assert page.municipality.code == "743"
    assert sorted(m.code for m in page.municipalities.all()) == ["145", "152", "743"]
    assert submission.is_contact_person
    (document,) = services.practice_documents(page)
    assert document.file.name.endswith(".pdf")
    assert document.uploaded_by_user == member
    assert services.practice_links(page) == [
        ("https://www.example.fi/tyolakeus", "TyöLakeus")
    ]


def test_a_disguised_file_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, member, material_index
):
    response = client.post(
        SHARE_URL,
        {**form_data(), "files": [files.upload("ohjelma.pdf", files.HTML)]},
    )
    assert response.status_code == 400
    assert "”ohjelma.pdf” ei ole PDF-" in response.content.decode()
    assert not PracticeSubmission.objects.exists()
    assert not get_document_model().objects.exists()


def test_valid_files_are_kept_when_another_field_is_wrong(
    client, member, material_index
):
    response = client.post(
        SHARE_URL,
        {**form_data(title=""), "files": [files.upload("Laskelma.xlsx", files.xlsx())]},
    )
    assert response.status_code == 400
    page = soup(response)
    assert "Anna käytännölle nimi." in page.get_text()
    kept = page.select('input[name="kept_documents"]')
    assert [box.has_attr("checked") for box in kept] == [True]
    token = page.select_one('input[name="upload_token"]')["value"]

    response = client.post(
        SHARE_URL,
        {**form_data(), "kept_documents": [kept[0]["value"]], "upload_token": token},
    )
    assert response.status_code == 302
    (document,) = services.practice_documents(PracticeSubmission.objects.get().page)
    assert document.title == "Laskelma"


def test_an_upload_token_cannot_attach_someone_elses_file(
    client, member, material_index
):
    from django.core import signing

    from materials.forms import UPLOAD_TOKEN_SALT
    from tests.factories.materials import DocumentFactory

    other = DocumentFactory(uploaded_by_user=UserFactory(email="muu@espoo.fi"))
    token = signing.dumps([str(other.pk)], salt=UPLOAD_TOKEN_SALT)
    response = client.post(
        SHARE_URL,
        {**form_data(), "kept_documents": [str(other.pk)], "upload_token": token},
    )
    assert response.status_code == 400
    assert not PracticeSubmission.objects.exists()


def test_a_link_without_an_address_is_explained(client, member, material_index):
    response = client.post(SHARE_URL, form_data(links="Ohjelma\njavascript:alert(1)"))
    assert response.status_code == 400
    assert "Rivin 1 lopussa ei ole verkko-osoitetta" in response.content.decode()


def test_the_confirmation_is_required(client, member, material_index):
    response = client.post(SHARE_URL, form_data(confirms_rights=""))
    assert response.status_code == 400
    assert "Vahvista, että käytännön saa jakaa näin." in response.content.decode()


def test_non_members_are_told_how_to_become_one(client, pending_user):
    client.force_login(pending_user)
    response = client.get(SHARE_URL)
    assert response.status_code == 403
    assert "Hyvän käytännön jakaminen" in response.content.decode()


def test_the_update_form_shows_the_practice_as_it_last_stands(
    client, member, material_index, staff_user
):
    submission = share_practice(user=member, documents=[])
    services.request_practice_changes(
        page=submission.page, by=staff_user, message="Lisää kustannukset."
    )
    response = client.get(f"/fi/materials/practices/{submission.pk}/edit/")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#id_title")["value"] == "Monikielinen neuvontapiste"
    assert "Lisää kustannukset." in page.get_text()


def test_updating_through_the_form_resubmits_the_practice(
    client, member, material_index, staff_user
):
    submission = share_practice(user=member)
    services.request_practice_changes(
        page=submission.page, by=staff_user, message="Lisää kustannukset."
    )
    response = client.post(
        f"/fi/materials/practices/{submission.pk}/edit/",
        form_data(title="Ohjauspiste ja kustannukset"),
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == PracticeSubmission.Status.IN_REVIEW
    assert submission.page.draft_title == "Ohjauspiste ja kustannukset"


# --- My account -----------------------------------------------------------------------


def test_my_account_shows_each_practice_with_its_state_and_the_office_message(
    client, member, material_index, staff_user
):
    submission = share_practice(user=member)
    services.request_practice_changes(
        page=submission.page, by=staff_user, message="Lisää kustannukset."
    )
    response = client.get("/fi/network/account/")
    section = soup(response).select_one("#practices")
    text = section.get_text(" ", strip=True)
    assert "Monikielinen neuvontapiste" in text
    assert "Muutoksia pyydetty" in text
    assert "Lisää kustannukset." in text
    assert section.select_one(
        f'a[href="/fi/materials/practices/{submission.pk}/edit/"]'
    )
    assert section.select_one(f'a[href="{SHARE_URL}"]')


def test_my_account_of_a_non_member_without_practices_has_no_section(
    client, signed_in_user
):
    client.force_login(signed_in_user)
    assert not soup(client.get("/fi/network/account/")).select_one("#practices")


# --- the practice's page --------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_practice_page_renders_in_each_language(client, published, language):
    from tests.materials.test_pages import render

    html = render(client, published, language)
    assert {"fi": "Helsinki", "sv": "Helsingfors", "en": "Helsinki"}[language] in html


def test_the_swedish_practice_page_names_the_region_county_and_area_in_swedish(
    client, published
):
    from tests.materials.test_pages import render

    text = BeautifulSoup(render(client, published, "sv"), "html.parser").get_text()
    assert "Nyland" in text
    assert "Helsingfors stad" in text
    assert "Uusimaa" not in text
    assert "Helsingin kaupunki" not in text


def test_the_practice_page_shows_the_municipality_facts_and_the_contact(
    client, published, member_user
):
    text = soup(client.get(published.url)).get_text(" ", strip=True)
    assert "Kunta: Helsinki" in text
    assert "vähintään 100 000 asukasta" in text
    assert "Uusimaa" in text
    assert "Helsingin kaupunki" in text  # the wellbeing services county column
    assert member_user.email in text


def test_members_find_the_discussion_and_others_are_invited_to_log_in(
    client, published, member_user
):
    response = client.get(published.url)
    assert not soup(response).select("a[href^='/fi/forum/']")
    assert "Kirjaudu ja osallistu" in response.content.decode()
    client.force_login(member_user)
    links = soup(client.get(published.url)).select("a[href^='/fi/forum/topic/']")
    assert [link.get_text(strip=True) for link in links] == ["Siirry keskusteluun"]


def test_text_written_by_members_is_sanitized(client, material_index, member_user):
    page = PracticePageFactory(
        parent=material_index,
        problem="Ongelma <script>alert(1)</script> [linkki](javascript:alert(2))",
        description="**Tärkeää** <img src=x onerror=alert(3)>",
    )
    html = client.get(page.url).content.decode()
    article = soup(client.get(page.url)).select_one("article")
    assert not article.select("script, img")
    assert "javascript:" not in html
    assert "<strong>Tärkeää</strong>" in html


def test_links_members_shared_are_marked_as_user_content(client, material_index):
    page = PracticePageFactory(
        parent=material_index,
        attachments=[
            {
                "type": "link",
                "value": {
                    "url": "https://example.fi/",
                    "title": "Ohje",
                    "description": "",
                },
            }
        ],
    )
    link = soup(client.get(page.url)).select_one('a[href="https://example.fi/"]')
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_members_only_practices_are_not_indexed_or_listed_for_others(
    client, members_practice, material_index, member_user
):
    assert members_practice.get_sitemap_urls() == []
    library = client.get(material_index.url).content.decode()
    assert members_practice.title not in library
    search = client.get("/fi/search/", {"q": "Työllisyysalueen sopimus"})
    assert members_practice.title not in search.content.decode()
    client.force_login(member_user)
    html = client.get(members_practice.url).content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert members_practice.title in client.get(material_index.url).content.decode()


def test_public_practices_are_offered_to_search_engines(published):
    assert published.get_sitemap_urls()


# --- the library and the home page -----------------------------------------------------


@pytest.fixture
def practices(material_index):
    """Practices from municipalities of different kinds."""
    return {
        "narpes": PracticePageFactory(
            parent=material_index, title="Närpes", municipality=municipality("545")
        ),
        "joint": PracticePageFactory(
            parent=material_index,
            title="Pohjois-Karjala",
            municipality=municipality("167"),
            municipalities=[municipality("707"), municipality("090")],
        ),
        "espoo": PracticePageFactory(
            parent=material_index, title="Espoo", municipality=municipality("049")
        ),
    }


def titles(response) -> list[str]:
    return sorted(
        a.get_text(strip=True) for a in soup(response).select(".material-card__title a")
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"size": "under-5000"}, ["Pohjois-Karjala"]),
        ({"size": ["5000-9999", "100000-"]}, ["Espoo", "Närpes"]),
        ({"municipality_language": "sv-fi"}, ["Närpes"]),
        ({"region": "Pohjois-Karjala"}, ["Pohjois-Karjala"]),
        ({"employment_area": "Pohjanmaa"}, ["Närpes"]),
        ({"region": "Uusimaa", "size": "under-5000"}, []),
    ],
)
def test_the_library_filters_practices_by_their_municipalities(
    client, practices, material_index, params, expected
):
    assert titles(client.get(material_index.url, params)) == expected


def test_a_joint_practice_counts_once_in_each_of_its_municipalities_values(
    client, practices, material_index
):
    from materials.models import MaterialPage

    pages = MaterialPage.objects.live()
    assert pages.size_class_counts() == {
        "5000-9999": 1,
        "50000-99999": 1,
        "under-5000": 1,
        "100000-": 1,
    }
    assert pages.region_counts() == {
        "Pohjanmaa": 1,
        "Pohjois-Karjala": 1,
        "Uusimaa": 1,
    }


def test_the_library_offers_practices_from_municipalities_like_mine(
    client, practices, material_index, member_user
):
    member_user.profile.municipality = municipality("280")  # Korsnäs, Pohjanmaa
    member_user.profile.save()
    client.force_login(member_user)
    response = client.get(material_index.url)
    box = soup(response).select_one(".like-mine")
    assert [a.get_text(strip=True) for a in box.select(".practice-link a")] == [
        "Pohjois-Karjala",  # newest first (the same day: the later first)
        "Närpes",
    ]
    assert titles(client.get(material_index.url, {"similar": "mine"})) == [
        "Närpes",
        "Pohjois-Karjala",
    ]


def test_the_home_page_shows_the_newest_practices_and_those_like_mine(
    client, practices, home_page, member_user
):
    response = client.get(home_page.url)
    page = soup(response)
    assert "Närpes" in page.select_one("#home-practices-heading").parent.get_text()
    # Practices are not listed twice: the newest materials leave them out.
    assert not page.select_one("#home-materials-heading")
    assert not page.select_one("#home-like-mine-heading")
    client.force_login(member_user)  # Helsinki: Espoo is like it
    section = soup(client.get(home_page.url)).select_one("#home-like-mine-heading")
    assert "Helsinki" in section.get_text()
    assert "Espoo" in section.parent.get_text()


def test_the_library_offers_members_the_share_button(
    client, material_index, member_user, signed_in_user
):
    client.force_login(signed_in_user)
    assert not soup(client.get(material_index.url)).select_one(".library__share")
    client.force_login(member_user)
    share = soup(client.get(material_index.url)).select_one(".library__share a")
    assert share["href"] == SHARE_URL
