"""Sharing a good practice and the office's review of it (materials.services, no HTTP)."""

import datetime

from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from forums.models import Topic
from materials import services
from materials.exceptions import (
    LibraryUnavailableError,
    PracticeError,
    PracticeNotAllowedError,
    PracticeNotInReviewError,
    PracticeRateLimitError,
)
from materials.models import (
    MaterialPage,
    PracticePage,
    PracticeReviewTask,
    PracticeSubmission,
)
from network import personal_data
from network import services as network_services
from portal.models import OutgoingEmail, Theme
from tests.factories.forums import CategoryFactory
from tests.factories.materials import practice_content, share_practice
from tests.factories.network import make_member, make_membership_manager, municipality
from tests.factories.portal import UserFactory, translate

pytestmark = pytest.mark.django_db


def practice_mails(user) -> list[OutgoingEmail]:
    return list(
        OutgoingEmail.objects.filter(to=user.email, kind="practices").order_by("pk")
    )


def refreshed(submission) -> PracticeSubmission:
    return PracticeSubmission.objects.select_related("page").get(pk=submission.pk)


def live_page(submission) -> PracticePage:
    return PracticePage.objects.get(pk=submission.page_id)


@pytest.fixture
def reviewer(staff_user):
    return staff_user


@pytest.fixture
def submission(material_index, member_user):
    return share_practice(
        user=member_user,
        partner_municipalities=[municipality("092"), municipality("091")],
    )


@pytest.fixture
def categories(db):
    """A general category first and one for guidance and counselling."""
    general = CategoryFactory(slug="yleinen", sort_order=1)
    guidance = CategoryFactory(slug="neuvonta", sort_order=5)
    guidance.themes.set(Theme.objects.filter(slug="ohjaus-ja-neuvonta"))
    return general, guidance


# --- sharing ---------------------------------------------------------------------------


def test_sharing_makes_a_draft_waiting_in_the_practice_review(
    submission, material_index, member_user
):
    page = submission.page
    assert not page.live
    assert page.get_parent().pk == material_index.pk
    assert page.material_type == MaterialPage.MaterialType.GOOD_PRACTICE
    assert page.get_latest_revision().user == member_user
    assert submission.status == PracticeSubmission.Status.IN_REVIEW
    assert submission.submitted_by == member_user
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert isinstance(state.current_task_state.task.specific, PracticeReviewTask)
    # Wagtail would mail the requester itself, outside the portal's queue.
    assert state.requested_by is None


def test_the_municipality_it_comes_from_is_one_of_its_municipalities_once(submission):
    codes = sorted(m.code for m in submission.page.municipalities.all())
    assert codes == ["091", "092"]
    assert submission.page.municipality.code == "091"


def test_the_person_gets_a_receipt_in_their_language(material_index, member_user):
    member_user.preferred_language = "sv"
    member_user.save()
    share_practice(user=member_user, title="Vägledning")
    (mail,) = practice_mails(member_user)
    assert mail.subject == "Tack: ”Vägledning” granskas"
    assert "http://testserver/sv/network/account/#practices" in mail.body_text
    assert mail.body_html


def test_a_practice_goes_to_the_library_of_its_language(material_index, member_user):
    swedish_library = translate(material_index, "sv", title="Materialbank")
    submission = share_practice(user=member_user, language="sv")
    assert submission.page.get_parent().pk == swedish_library.pk


def test_a_practice_in_another_language_goes_to_the_finnish_library(
    material_index, member_user
):
    submission = share_practice(user=member_user, language="se")
    assert submission.page.get_parent().pk == material_index.pk


def test_sharing_without_a_library_is_refused_and_writes_nothing(member_user):
    with pytest.raises(LibraryUnavailableError):
        share_practice(user=member_user)
    assert not PracticePage.objects.exists()
    assert not PracticeSubmission.objects.exists()


@pytest.mark.parametrize("role", ["signed_in", "pending"])
def test_only_verified_members_share(material_index, user_for_role, role):
    with pytest.raises(PracticeNotAllowedError) as error:
        share_practice(user=user_for_role(role))
    assert error.value.status_code == 403
    assert not PracticePage.objects.exists()


def test_sharing_is_limited_per_hour(material_index, member_user, monkeypatch):
    monkeypatch.setattr(services, "SHARES_PER_HOUR", 1)
    share_practice(user=member_user, title="Ensimmäinen")
    with pytest.raises(PracticeRateLimitError) as error:
        share_practice(user=member_user, title="Toinen")
    assert error.value.status_code == 429
    assert PracticePage.objects.count() == 1


def test_slugs_of_practices_with_the_same_title_are_numbered(
    material_index, member_user
):
    first = share_practice(user=member_user, title="Neuvontamalli")
    second = share_practice(user=member_user, title="Neuvontamalli")
    assert (first.page.slug, second.page.slug) == ("neuvontamalli", "neuvontamalli-2")


# --- the review ------------------------------------------------------------------------


def test_asking_for_changes_tells_the_person_and_waits_for_them(
    submission, reviewer, member_user
):
    services.request_practice_changes(
        page=submission.page, by=reviewer, message="Lisää kustannukset."
    )
    submission = refreshed(submission)
    assert submission.status == PracticeSubmission.Status.CHANGES_REQUESTED
    assert submission.message == "Lisää kustannukset."
    state = submission.page.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    mail = practice_mails(member_user)[-1]
    assert "Lisää kustannukset." in mail.body_text
    assert f"/fi/materials/practices/{submission.pk}/edit/" in mail.body_text
    assert not submission.page.live


def test_asking_for_changes_needs_a_message(submission, reviewer):
    with pytest.raises(PracticeError):
        services.request_practice_changes(
            page=submission.page, by=reviewer, message="  "
        )
    assert refreshed(submission).status == PracticeSubmission.Status.IN_REVIEW


def test_an_update_after_changes_goes_back_to_the_review(
    submission, reviewer, member_user
):
    services.request_practice_changes(
        page=submission.page, by=reviewer, message="Lisää kustannukset."
    )
    services.update_practice(
        submission=refreshed(submission),
        user=member_user,
        content=practice_content(title="Neuvontapiste ja kustannukset"),
        is_contact_person=True,
    )
    submission = refreshed(submission)
    assert submission.status == PracticeSubmission.Status.IN_REVIEW
    assert submission.message == ""
    assert submission.is_contact_person
    page = submission.page
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.draft_title == "Neuvontapiste ja kustannukset"
    assert page.get_latest_revision().user == member_user
    assert not page.live


def test_publishing_makes_the_practice_live_dated_today(
    submission, reviewer, member_user
):
    services.publish_practice(page=submission.page, by=reviewer)
    page = live_page(submission)
    submission = refreshed(submission)
    assert page.live
    assert page.published_on == timezone.localdate()
    assert submission.status == PracticeSubmission.Status.PUBLISHED
    assert submission.published_at is not None
    mail = practice_mails(member_user)[-1]
    assert mail.subject == "”Monikielinen neuvontapiste” julkaistiin materiaalipankissa"
    assert page.full_url.replace("http://localhost", "") in mail.body_text


def test_publication_opens_the_discussion_in_the_matching_category(
    submission, reviewer, member_user, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(page=submission.page, by=reviewer)
    topic = Topic.objects.get(page_id=submission.page_id)
    assert topic.category == categories[1]
    assert topic.author == member_user
    assert topic.title == "Monikielinen neuvontapiste"
    first_post = topic.posts.get()
    assert "Helsinki" in first_post.body
    assert submission.page.get_url() in first_post.body


def test_a_practice_sharing_no_category_theme_is_discussed_in_the_first_category(
    material_index,
    member_user,
    reviewer,
    categories,
    django_capture_on_commit_callbacks,
):
    submission = share_practice(
        user=member_user, themes=[Theme.objects.get(slug="viestinta")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(page=submission.page, by=reviewer)
    assert Topic.objects.get(page_id=submission.page_id).category == categories[0]


def test_the_discussion_is_opened_once(submission, reviewer, categories):
    services.publish_practice(page=submission.page, by=reviewer)
    for _ in range(2):
        services.open_practice_discussion(
            page_id=submission.page_id, publisher_id=reviewer.pk
        )
    assert Topic.objects.filter(page_id=submission.page_id).count() == 1


def test_the_publisher_opens_the_discussion_when_the_person_is_no_member(
    submission, reviewer, member_user, categories
):
    services.publish_practice(page=submission.page, by=reviewer)
    network_services.revoke_membership(
        profile=member_user.profile,
        by=make_membership_manager(email="jasenyydet@muutostuki.example"),
        reason="Lähti kunnasta.",
    )
    services.open_practice_discussion(
        page_id=submission.page_id, publisher_id=reviewer.pk
    )
    assert Topic.objects.get(page_id=submission.page_id).author == reviewer


def test_an_update_of_a_published_practice_is_reviewed_before_it_shows(
    submission, reviewer, member_user, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(page=submission.page, by=reviewer)
    services.update_practice(
        submission=refreshed(submission),
        user=member_user,
        content=practice_content(summary="Uusi yhteenveto."),
        is_contact_person=False,
    )
    submission = refreshed(submission)
    assert (
        live_page(submission).summary
        == "Neuvonta seitsemällä kielellä yhdessä paikassa."
    )
    assert submission.status_label == "Julkaistu; päivitys on tarkastettavana"
    assert practice_mails(member_user)[-1].subject.startswith("Päivityksesi")

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(page=submission.page, by=reviewer, now=tomorrow)
    page = live_page(submission)
    assert page.summary == "Uusi yhteenveto."
    assert page.updated_on == timezone.localdate(tomorrow)
    assert refreshed(submission).published_at < tomorrow
    assert Topic.objects.filter(page_id=page.pk).count() == 1


def test_declining_gives_the_reason_and_ends_the_review(
    submission, reviewer, member_user
):
    services.decline_practice(
        page=submission.page, by=reviewer, reason="Liitteessä on henkilötietoja."
    )
    submission = refreshed(submission)
    assert submission.status == PracticeSubmission.Status.DECLINED
    assert submission.is_final
    assert submission.page.current_workflow_state is None
    assert not submission.page.live
    mail = practice_mails(member_user)[-1]
    assert "Liitteessä on henkilötietoja." in mail.body_text


def test_declining_needs_a_reason(submission, reviewer):
    with pytest.raises(PracticeError):
        services.decline_practice(page=submission.page, by=reviewer, reason="")
    assert refreshed(submission).status == PracticeSubmission.Status.IN_REVIEW


def test_cancelling_the_review_in_the_admin_declines_without_a_reason(
    submission, reviewer, member_user
):
    submission.page.current_workflow_state.cancel(user=reviewer)
    submission = refreshed(submission)
    assert submission.status == PracticeSubmission.Status.DECLINED
    assert submission.message == ""
    assert "ei julkaistu" in practice_mails(member_user)[-1].subject


def test_publishing_directly_in_the_admin_counts_as_the_publication(
    submission, superuser, member_user
):
    submission.page.get_latest_revision().publish(user=superuser)
    submission = refreshed(submission)
    assert submission.status == PracticeSubmission.Status.PUBLISHED
    assert "julkaistiin" in practice_mails(member_user)[-1].subject


def test_the_office_republishing_its_own_edit_sends_no_mail(
    submission, reviewer, superuser, member_user
):
    services.publish_practice(page=submission.page, by=reviewer)
    sent = len(practice_mails(member_user))
    page = live_page(submission)
    page.summary = "Toimiston korjaama yhteenveto."
    page.save_revision(user=superuser).publish(user=superuser)
    assert len(practice_mails(member_user)) == sent


def test_decisions_outside_the_review_are_refused(submission, reviewer):
    services.publish_practice(page=submission.page, by=reviewer)
    page = live_page(submission)
    with pytest.raises(PracticeNotInReviewError):
        services.publish_practice(page=page, by=reviewer)
    with pytest.raises(PracticeNotInReviewError):
        services.decline_practice(page=page, by=reviewer, reason="Ei käy.")


def test_no_mail_goes_to_a_person_who_left(submission, reviewer, member_user):
    network_services.delete_account(user=member_user)
    services.publish_practice(page=submission.page, by=reviewer)
    assert refreshed(submission).status == PracticeSubmission.Status.PUBLISHED
    assert not OutgoingEmail.objects.filter(kind="practices", to=member_user.email)


# --- finding ---------------------------------------------------------------------------


def test_practices_like_a_municipality_come_from_others_of_its_size_or_region(
    material_index, member_user, reviewer
):
    def published(code, **fields):
        submission = share_practice(
            user=member_user, municipality=municipality(code), **fields
        )
        services.publish_practice(page=submission.page, by=reviewer)
        return submission.page.pk

    espoo = published("049", title="Espoo")  # Uusimaa, 100,000 or more
    tampere = published("837", title="Tampere")  # 100,000 or more
    porvoo = published("638", title="Porvoo")  # Uusimaa
    published("167", title="Joensuu")  # neither
    published("091", title="Helsinki")  # the member's own
    like = services.practices_like(
        municipality=municipality("091"),
        user=member_user,
        pages=MaterialPage.objects.all(),
    )
    assert {page.pk for page in like} == {espoo, tampere, porvoo}


def test_coverage_counts_municipalities_with_a_live_practice(
    submission, reviewer, material_index, member_user
):
    assert services.practice_coverage_counts() == {}
    services.publish_practice(page=submission.page, by=reviewer)
    translate(material_index, "sv", title="Materialbank")
    translate(live_page(submission), "sv", title="Rådgivningspunkt")
    counts = services.practice_coverage_counts()
    assert counts == {municipality("091").pk: 1, municipality("092").pk: 1}


# --- personal data ---------------------------------------------------------------------


def test_the_shared_practices_are_in_the_own_data_export(submission, member_user):
    (row,) = personal_data.collect_personal_data(member_user)["shared_practices"]
    assert row["practice"] == "Monikielinen neuvontapiste"
    assert row["status"] == "in_review"
    assert row["address"] == ""


def test_deleting_the_account_keeps_the_practice_without_the_person(
    submission, reviewer, member_user
):
    submission.is_contact_person = True
    submission.save()
    services.publish_practice(page=submission.page, by=reviewer)
    network_services.delete_account(user=member_user)
    submission = refreshed(submission)
    assert submission.submitted_by is None
    assert not submission.is_contact_person
    assert live_page(submission).municipality.code == "091"
    assert services.practice_contact(submission) is None
    assert personal_data.collect_personal_data(member_user)["shared_practices"] == []


def test_the_contact_person_is_shown_only_when_they_agreed(submission, member_user):
    assert services.practice_contact(submission) is None
    submission.is_contact_person = True
    contact = services.practice_contact(submission)
    assert contact.email == member_user.email
    assert contact.organisation == "Helsinki"


def test_another_member_cannot_update_the_practice(submission, material_index):
    other = make_member(user=UserFactory(email="toinen@espoo.fi")).user
    with pytest.raises(PracticeNotAllowedError):
        services.update_practice(
            submission=submission,
            user=other,
            content=practice_content(),
            is_contact_person=False,
        )
