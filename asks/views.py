"""The requester's side: choose a kind, send its form, follow the request, add
information or withdraw; and an assigned expert's reply. Rules live in `services` and
`access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from asks import access, services
from asks.exceptions import RequestError
from asks.forms import FORMS, MessageForm, OfficeReplyForm, form_class_for
from asks.models import Request
from portal import access as portal_access
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
    own = list(Request.objects.by_requester(user).for_listing()[:50])
    assigned = list(
        Request.objects.open()
        .assigned_to_expert_addresses(access.expert_addresses(user))
        .for_listing()[:50]
    )
    return {"own": own, "assigned": assigned}
