"""The requester's side: choose a kind, send its form, follow the request, add
information or withdraw; and an assigned expert's reply. Rules live in `services` and
`access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from asks import access, services
from asks.exceptions import QuestionError, RequestError
from asks.forms import (
    FORMS,
    MessageForm,
    OfficeReplyForm,
    QuestionForm,
    form_class_for,
)
from asks.models import Question, Request
from events.models import EventPage
from portal import access as portal_access
from portal import pagecache
from portal.links import safe_next
from portal.ratelimit import client_address

#: What the expert's reply may do (accepting and declining stay with the office).
EXPERT_REPLIES = {
    "reply": services.reply_to_request,
    "ask": services.ask_requester,
    "answer": services.answer_request,
}


def start(request):
    """The kinds of request, each with whether this person may send it."""
    kinds = [
        {
            "kind": kind,
            "label": label,
            "allowed": access.can_send_request(request.user, kind),
        }
        for kind, label in Request.Kind.choices
    ]
    return render(
        request,
        "asks/start.html",
        {
            "kinds": kinds,
            "is_signed_in": portal_access.is_signed_in(request.user),
            "is_member": portal_access.can_view_members_content(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
def create(request, kind: str):
    """One kind's form: members' contact details come from their profile, guests type
    theirs (general and legal questions, where the office allows guests)."""
    if kind not in FORMS:
        raise Http404
    user = request.user
    is_guest = not portal_access.is_signed_in(user)
    if not access.can_send_request(user, kind):
        if is_guest:
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "network/members_only.html",
            {"title": Request.Kind(kind).label},
            status=403,
        )
    form_class = form_class_for(kind, is_guest=is_guest)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial=_initial(user, kind))
    refusal = None
    if data is not None and form.is_valid():
        if is_guest and form.is_spam():
            return render(request, "asks/request_sent.html", {"is_guest": True})
        try:
            sent = services.submit_request(
                kind=kind,
                content=form.content(),
                contact=form.contact() if is_guest else services.profile_contact(user),
                user=user,
                language=get_language(),
                client_key=client_address(request),
            )
        except RequestError as error:
            form.add_error(None, error.message)
            refusal = error
        else:
            if is_guest:
                return render(request, "asks/request_sent.html", {"is_guest": True})
            messages.success(request, _("Your request has been sent to the office."))
            return redirect(sent)
    response = render(
        request,
        "asks/request_form.html",
        {
            "form": form,
            "is_guest": is_guest,
            "kind_label": Request.Kind(kind).label,
            "contact": None if is_guest else services.profile_contact(user),
        },
        status=400 if data is not None else 200,
    )
    return refusal.apply_to(response) if refusal else response


def _initial(user, kind: str) -> dict:
    """The profile's municipality for a legal question, the reader's language for an
    event."""
    initial = {"event_language": get_language()}
    if kind == Request.Kind.LEGAL and portal_access.is_signed_in(user):
        contact = services.profile_contact(user)
        if contact.municipality is not None:
            initial["question_municipality"] = contact.municipality.pk
    return initial


def _visible_request(request, pk: int) -> Request:
    found = get_object_or_404(Request.objects.for_listing(), pk=pk)
    if not access.can_view_request(request.user, found):
        raise Http404
    return found


@login_required
@never_cache
def detail(request, pk: int):
    """The request, its visible thread and history; never the office's notes."""
    found = _visible_request(request, pk)
    is_requester = found.requester_id == request.user.pk
    context = {
        "office_request": found,
        "thread": list(found.messages.select_related("author")),
        "history": [
            event
            for event in found.events.select_related("actor")
            if event.is_visible_to_requester
        ],
        "is_requester": is_requester,
        "can_change": access.can_change_own_request(request.user, found),
        "message_form": MessageForm(),
        "expert_form": (
            OfficeReplyForm(prefix="expert", outcomes=EXPERT_REPLIES)
            if not is_requester and access.can_reply_as_office(request.user, found)
            else None
        ),
    }
    return render(request, "asks/request_detail.html", context)


@login_required
@require_POST
def add_information(request, pk: int):
    found = _visible_request(request, pk)
    if not access.can_change_own_request(request.user, found):
        raise Http404
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the message first."))
        return redirect(found)
    try:
        services.add_information(
            request=found, by=request.user, body=form.cleaned_data["body"]
        )
    except RequestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your message has been added to the request."))
    return redirect(found)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def withdraw(request, pk: int):
    """Confirm, then withdraw an open request."""
    found = _visible_request(request, pk)
    if not access.can_change_own_request(request.user, found):
        raise Http404
    if request.method == "POST":
        try:
            services.withdraw_request(request=found, by=request.user)
        except RequestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The request has been withdrawn."))
        return redirect(found)
    return render(request, "asks/withdraw.html", {"office_request": found})


@login_required
@require_POST
def expert_reply(request, pk: int):
    """The assigned expert replies for the office from the portal."""
    found = _visible_request(request, pk)
    if not access.can_reply_as_office(request.user, found):
        raise Http404
    form = OfficeReplyForm(request.POST, prefix="expert", outcomes=EXPERT_REPLIES)
    if not form.is_valid():
        messages.error(request, _("Write the message and choose what it does."))
        return redirect(found)
    try:
        EXPERT_REPLIES[form.cleaned_data["outcome"]](
            request=found, by=request.user, body=form.cleaned_data["body"]
        )
    except RequestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reply has been sent."))
    return redirect(found)


def requests_account_section(request) -> dict:
    """My account: the person's requests with their state, and those assigned to them
    as an expert."""
    user = request.user
    shown = list(
        Request.objects.own_or_assigned_to_expert(
            user, addresses=access.expert_addresses_query(user), limit=50
        ).for_listing()
    )
    return {
        "own": [item for item in shown if item.is_own and item.own_rank <= 50],
        "assigned": [
            item for item in shown if item.is_assigned and item.assigned_rank <= 50
        ],
    }


# --- questions before a Q&A hour ------------------------------------------------------


def event_questions_section(request, event, registration) -> dict | None:
    """The event page's questions: the published answers after the event, for everyone
    who sees the event (the only part an anonymous page, and so the page cache, holds);
    before that, for those who take part, the form and the questions with their votes.
    The page cache keeps an anonymous page until its event's questions or their settings
    change (`PORTAL_EVENT_PAGE_DEPENDENCIES`)."""
    pagecache.shows_event(request, event.pk)
    now = timezone.now()
    settings = services.question_settings(event)
    user = request.user
    if event.has_ended(now) and settings.are_answers_published:
        answered = list(Question.objects.filter(event=event).published().with_votes())
        return {"mode": "published", "questions": answered} if answered else None
    taken = access.are_questions_taken(event, settings=settings, now=now)
    note = {"event": event, "members_may_ask": settings.members_may_ask}
    if not portal_access.is_signed_in(user):
        return (
            {"mode": "sign_in", "next": request.get_full_path(), **note}
            if taken
            else None
        )
    if not access.can_see_questions(
        user, event, settings=settings, registration=registration
    ):
        return {"mode": "not_taking_part", **note} if taken else None
    shown = list(
        Question.objects.filter(event=event)
        .filter(Q(status__in=Question.VISIBLE_STATUSES) | Q(asker=user))
        .with_votes()
        .with_vote_of(user)
    )
    if not shown and not taken:
        return None
    may_ask = taken and access.is_questioner(
        user, event, settings=settings, registration=registration
    )
    rows = [
        {
            "question": question,
            "is_own": question.asker_id == user.pk,
            "has_voted": question.has_voted,
            "may_vote": may_ask and question.asker_id != user.pk,
            "may_change": question.asker_id == user.pk
            and question.status == Question.Status.OPEN
            and taken,
        }
        for question in shown
    ]
    return {
        "mode": "taking_part",
        "event": event,
        "form": QuestionForm() if may_ask else None,
        "visible": [row for row in rows if row["question"].is_visible],
        "own_handled": [row for row in rows if not row["question"].is_visible],
        "is_taken": taken,
        "is_moderator": access.can_moderate_questions(user),
        "next": request.get_full_path(),
    }


def _back_to_event(request, event):
    target = safe_next(request, event.get_url(request) or "/")
    return redirect(target.split("#")[0] + "#questions")


def _visible_event(request, pk: int) -> EventPage:
    """A live event this person may see (Wagtail's view restrictions, the audience)."""
    event = get_object_or_404(EventPage.objects.live(), pk=pk)
    restricted = any(
        not restriction.accept_request(request)
        for restriction in event.get_view_restrictions()
    )
    if restricted or not portal_access.can_view(request.user, event):
        raise Http404
    return event


def _own_question(request, pk: int) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("event"), pk=pk, asker=request.user
    )
    _visible_event(request, question.event_id)
    return question


@login_required
@require_POST
def ask_question(request, event_pk: int):
    event = _visible_event(request, event_pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Write the question first (at most 2000 characters).")
        )
        return _back_to_event(request, event)
    try:
        services.ask_question(
            event=event,
            user=request.user,
            body=form.cleaned_data["body"],
            shows_name=form.cleaned_data["shows_name"],
        )
    except QuestionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you! Your question has been added."))
    return _back_to_event(request, event)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def edit_question(request, pk: int):
    """The asker's own question, to rewrite until the event starts."""
    question = _own_question(request, pk)
    if not access.can_change_own_question(request.user, question, now=timezone.now()):
        raise Http404
    initial = {"body": question.body, "shows_name": question.shows_name}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_question(
                question=question,
                by=request.user,
                body=form.cleaned_data["body"],
                shows_name=form.cleaned_data["shows_name"],
            )
        except QuestionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your question has been saved."))
        return _back_to_event(request, question.event)
    context = {"form": form, "question": question, "event": question.event}
    return render(request, "asks/question_edit.html", context)


@login_required
@require_POST
def withdraw_question(request, pk: int):
    question = _own_question(request, pk)
    try:
        services.withdraw_question(question=question, by=request.user)
    except QuestionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your question has been withdrawn."))
    return _back_to_event(request, question.event)


@login_required
@require_POST
def vote_question(request, pk: int):
    """Add (`vote=yes`) or take back a "me too"."""
    question = get_object_or_404(Question.objects.select_related("event"), pk=pk)
    event = _visible_event(request, question.event_id)
    try:
        if request.POST.get("vote") == "yes":
            services.vote_for_question(question=question, user=request.user)
        else:
            services.withdraw_vote(question=question, user=request.user)
    except QuestionError as error:
        messages.error(request, error.message)
    return _back_to_event(request, event)
