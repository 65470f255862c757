from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wagtail.models import Locale

from materials import access as practice_access
from materials import services
from materials.exceptions import PracticeError
from materials.forms import PracticeForm
from materials.models import (
    Expert,
    ExpertIndexPage,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
    PracticeSubmission,
)


def expert_detail(request, slug: str):
    """An expert's contact details and what they answer for, in the active language.

    Experts are public; each listed item is filtered by the user's audience.
    """
    expert = get_object_or_404(
        Expert.objects.select_related("photo").prefetch_related("themes"), slug=slug
    )
    locale = Locale.get_active()
    return render(
        request,
        "materials/expert_detail.html",
        {
            "expert": expert,
            "responsibilities": services.expert_responsibilities(
                expert=expert, user=request.user, locale=locale
            ),
            "directory": ExpertIndexPage.objects.first_live_in(locale),
        },
    )


# --- shared good practices -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def practice_share(request):
    """The "share a practice" form (verified members)."""
    if not practice_access.can_share_practice(request.user):
        return render(
            request,
            "network/members_only.html",
            {"title": _("Sharing a good practice")},
            status=403,
        )
    return _practice_form(request, submission=None)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk: int):
    """Updating one's own practice; it is reviewed again."""
    submission = get_object_or_404(
        PracticeSubmission.objects.select_related("page"), pk=pk
    )
    if not practice_access.can_edit_practice(request.user, submission):
        raise PermissionDenied
    return _practice_form(request, submission=submission)


def _practice_form(request, *, submission: PracticeSubmission | None):
    initial, documents = {}, []
    if submission is not None:
        initial = services.practice_form_initial(submission=submission)
        documents = initial.pop("documents")
    elif (municipality := services.home_municipality(request.user)) is not None:
        initial = {"municipality": municipality.code}
    if request.method != "POST":
        form = PracticeForm(initial=initial, user=request.user, documents=documents)
        return _render_form(request, form, submission)
    form = PracticeForm(
        request.POST, request.FILES, user=request.user, documents=documents
    )
    if form.is_valid():
        saved, status = _save_practice(request, form, submission)
        if saved is not None:
            messages.success(request, _sent_message(saved))
            return redirect(reverse("network:account") + "#practices")
    else:
        status = 400
        _keep_valid_uploads(request, form)
    return _render_form(request, form, submission, status=status)


def _save_practice(request, form, submission):
    """Store the new files, then share or update; a refused rule is shown on the form
    and the files stay attached to it."""
    stored = []
    try:
        stored = services.store_practice_files(
            user=request.user, files=form.cleaned_data["files"]
        )
        content = form.content(new_documents=stored)
        contact = form.cleaned_data["is_contact_person"]
        if submission is None:
            saved = services.submit_practice(
                user=request.user, content=content, is_contact_person=contact
            )
        else:
            saved = services.update_practice(
                submission=submission,
                user=request.user,
                content=content,
                is_contact_person=contact,
            )
    except PracticeError as error:
        form.remember_uploads(stored)
        form.add_error(None, error.message)
        return None, error.status_code
    return saved, 200


def _keep_valid_uploads(request, form) -> None:
    try:
        stored = services.store_practice_files(
            user=request.user, files=form.valid_uploads
        )
    except PracticeError as error:
        form.add_error(None, error.message)
        return
    form.remember_uploads(stored)


def _sent_message(submission: PracticeSubmission) -> str:
    if submission.page.live:
        return _(
            "Thank you! Your update is in review; the published version stays until "
            "the office publishes the update. We will tell you by e-mail."
        )
    return _(
        "Thank you for sharing! The change-support office reviews the practice and "
        "tells you by e-mail when it is published or if something needs changing."
    )


def _render_form(request, form, submission, *, status: int = 200):
    return render(
        request,
        "materials/practice_form.html",
        {
            "form": form,
            "submission": submission,
            "library": MaterialIndexPage.objects.first_live_in(Locale.get_active()),
        },
        status=status,
    )


def practices_account_section(request) -> dict:
    """My account: the practices the person shared and where each review stands."""
    user = request.user
    submissions = list(PracticeSubmission.objects.by_user(user).for_account())
    return {
        "rows": [
            {
                "submission": submission,
                "can_edit": practice_access.can_edit_practice(user, submission),
            }
            for submission in submissions
        ],
        "can_share": practice_access.can_share_practice(user),
        "csrf_token": get_token(request),
    }


# --- home page sections ----------------------------------------------------------------


def materials_home_section(*, request, home) -> dict:
    """The home page's newest materials this user may see in the home page's language
    (good practices have a section of their own)."""
    return {
        "template": "materials/home_latest_materials.html",
        "items": MaterialPage.objects.excluding_good_practices().latest_for(
            request.user, locale=home.locale
        ),
        "index": MaterialIndexPage.objects.first_live_in(home.locale),
    }


def practices_home_section(*, request, home) -> dict:
    """Good practices from municipalities like the person's own, when they have one,
    and the newest others that this user may see."""
    user = request.user
    municipality = services.home_municipality(user)
    like_mine = []
    if municipality is not None:
        like_mine = services.practices_like(
            municipality=municipality,
            user=user,
            pages=MaterialPage.objects.filter(locale=home.locale),
        )
    newest = MaterialPage.objects.good_practices().exclude(
        pk__in=[page.pk for page in like_mine]
    )
    return {
        "template": "materials/home_practices.html",
        "municipality": municipality,
        "like_mine": like_mine,
        "items": newest.latest_for(user, locale=home.locale),
        "index": MaterialIndexPage.objects.first_live_in(home.locale),
    }


def practices_home_vary(request) -> int | None:
    """The practices section shows practices like the person's municipality: it is cached
    per municipality (and audience), not per person."""
    return services.home_municipality_id(request.user)


def news_home_section(*, request, home) -> dict:
    """The home page's newest news items this user may see in the home page's language."""
    return {
        "template": "materials/home_latest_news.html",
        "items": NewsPage.objects.latest_for(request.user, locale=home.locale),
        "index": NewsIndexPage.objects.first_live_in(home.locale),
    }
