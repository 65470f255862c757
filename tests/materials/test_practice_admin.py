"""The office's side of shared practices in the Wagtail admin: the page type, the review
workflow's actions and the queue of shared practices."""

from django.contrib.auth.models import Group

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup

from materials import services
from materials.models import PracticePage, PracticeSubmission
from network.models import Municipality
from portal.models import HomePage, Theme
from tests.factories.materials import (
    MaterialIndexPageFactory,
    PracticePageFactory,
    bulk_practice_pages,
    share_practice,
)
from tests.factories.network import municipality
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


class PracticeAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale__language_code="fi")
        cls.library = MaterialIndexPageFactory(parent=cls.home)
        cls.practice = PracticePageFactory(parent=cls.library)
        cls.admin = UserFactory(
            email="paakayttaja@muutostuki.example", is_staff=True, is_superuser=True
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def test_editor_can_create_a_practice_whose_municipality_is_among_its_own(self):
        theme = Theme.objects.get(slug="tyollisyysalueet")
        joensuu, liperi = Municipality.objects.filter(code__in=["167", "426"])
        self.assertCanCreate(
            self.library,
            PracticePage,
            {
                **practice_form_data(
                    title="Työllisyysalueen sopimus",
                    slug="tyollisyysalueen-sopimus",
                    municipality=joensuu.pk,
                ),
                "themes": [theme.pk],
                "municipalities": [liperi.pk],
            },
        )
        page = PracticePage.objects.get(slug="tyollisyysalueen-sopimus")
        assert {m.code for m in page.municipalities.all()} == {"167", "426"}
        assert page.material_type == "good_practice"

    def test_a_practice_is_editable_and_previewable(self):
        # StreamFields are drawn by JavaScript, so the page gets explicit form data.
        data = practice_form_data(
            title=self.practice.title,
            slug=self.practice.slug,
            municipality=self.practice.municipality_id,
        )
        self.assertPageIsEditable(self.practice, post_data=data)
        self.assertPageIsPreviewable(self.practice, post_data=data)


def practice_form_data(**fields) -> dict:
    return nested_form_data(
        {
            "summary": "Sopimus vastuukuntamallista.",
            "problem": "Sopimusmallia ei ollut.",
            "description": "",
            "reform": "te24",
            "language": "fi",
            "audience": "public",
            "published_on": "2025-02-03",
            "valid_until_on": "",
            "updated_on": "",
            "expert": "",
            "attachments": streamfield([]),
            "body": streamfield([]),
            "related_event_links": inline_formset([]),
            "related_material_links": inline_formset([]),
            **fields,
        }
    )


@pytest.fixture
def reviewer(client, staff_user):
    """An office editor: reviews practices without Wagtail's publish permission."""
    assert not staff_user.groups.filter(name="Moderators").exists()
    client.force_login(staff_user)
    return staff_user


def act(client, submission, action, **data):
    page = submission.page
    task_state = page.current_workflow_task_state
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", data
    )


def test_the_reviewer_asks_for_changes_in_the_admin(client, shared_practice, reviewer):
    response = act(client, shared_practice, "request_changes", comment="Lisää hinta.")
    assert response.status_code == 302
    shared_practice.refresh_from_db()
    assert shared_practice.status == PracticeSubmission.Status.CHANGES_REQUESTED
    assert shared_practice.message == "Lisää hinta."


def test_a_request_for_changes_without_a_message_does_nothing(
    client, shared_practice, reviewer
):
    act(client, shared_practice, "request_changes", comment="")
    shared_practice.refresh_from_db()
    assert shared_practice.status == PracticeSubmission.Status.IN_REVIEW


def test_the_reviewer_publishes_in_the_admin(client, shared_practice, reviewer):
    response = act(client, shared_practice, "approve")
    assert response.status_code == 302
    shared_practice.refresh_from_db()
    assert shared_practice.status == PracticeSubmission.Status.PUBLISHED
    assert PracticePage.objects.get(pk=shared_practice.page_id).live


def test_the_reviewer_declines_in_the_admin(client, shared_practice, reviewer):
    act(client, shared_practice, "decline", comment="Sisältää henkilötietoja.")
    shared_practice.refresh_from_db()
    assert shared_practice.status == PracticeSubmission.Status.DECLINED
    assert shared_practice.message == "Sisältää henkilötietoja."


def test_the_decline_form_asks_for_the_reason(client, shared_practice, reviewer):
    page = shared_practice.page
    task_state = page.current_workflow_task_state
    response = client.get(
        f"/admin/pages/workflow/action/{page.pk}/decline/{task_state.pk}/"
    )
    html = response.json()["html"]
    assert "Hylkäämisen syy" in html
    assert 'name="comment"' in html


def test_only_the_review_groups_have_the_actions(shared_practice, staff_user):
    task = shared_practice.page.current_workflow_task
    outsider = UserFactory(email="toinen@muutostuki.example", is_staff=True)
    outsider.groups.add(Group.objects.get(name="Registration staff"))
    assert [name for name, _label, _modal in task.get_actions(None, staff_user)] == [
        "request_changes",
        "approve",
        "decline",
    ]
    assert task.get_actions(None, outsider) == []


def test_the_editor_opens_a_practice_in_review(client, shared_practice, reviewer):
    response = client.get(f"/admin/pages/{shared_practice.page_id}/edit/")
    assert response.status_code == 200
    assert "Pyydä muutoksia" in response.content.decode()


def test_the_queue_lists_practices_by_status(
    client, material_index, member_user, reviewer
):
    share_practice(user=member_user, title="Tarkastettava")
    published = share_practice(user=member_user, title="Julkaistu")
    services.publish_practice(page=published.page, by=reviewer)
    response = client.get("/admin/reports/shared-practices/", {"status": "in_review"})
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [
        row.get_text(" ", strip=True) for row in soup.select("table.listing tbody tr")
    ]
    assert len(rows) == 1
    assert "Tarkastettava" in rows[0]
    assert "Helsinki" in rows[0]


def test_the_queue_export_is_safe_for_spreadsheets(
    client, material_index, member_user, reviewer
):
    share_practice(user=member_user, title="=HYPERLINK(1)")
    response = client.get("/admin/reports/shared-practices/", {"export": "csv"})
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


@pytest.mark.slow
def test_the_queue_runs_a_bounded_number_of_queries(
    client,
    material_index,
    member_user,
    reviewer,
    django_assert_max_num_queries,
    monkeypatch,
):
    monkeypatch.setattr(services, "SHARES_PER_HOUR", 100)
    for number in range(3):
        share_practice(user=member_user, title=f"Käytäntö {number}")
    with django_assert_max_num_queries(30) as few:
        client.get("/admin/reports/shared-practices/")
    for number in range(3, 30):
        share_practice(user=member_user, title=f"Käytäntö {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/reports/shared-practices/")


def test_bulk_practices_are_complete_pages(material_index):
    bulk_practice_pages(parent=material_index, count=3, codes=["091", "167"])
    page = PracticePage.objects.live().order_by("pk").first()
    assert page.url.endswith("/kaytanto-1/")
    assert {m.code for m in page.municipalities.all()} == {"091", "167"}
    assert page.municipality == municipality("091")
