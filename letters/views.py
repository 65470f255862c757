"""The public subscription pages, the private link, one-click unsubscribing and the My
account section. Rules live in `letters.services`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from portal.ratelimit import client_address

from . import services
from .exceptions import ConfirmationLinkError, SubscriptionError
from .forms import PreferencesForm, SubscribeForm
from .models import MailingList, Subscriber, Subscription


def consent_text() -> str:
    """What the forms say the person agrees to; recorded with the subscription."""
    return _(
        "I want to receive the chosen letters of the change-support office by e-mail. "
        "I can unsubscribe at any time with the link in every letter."
    )


def subscribe(request):
    form = SubscribeForm(
        request.POST or None,
        initial={"language": translation.get_language() or settings.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.check_subscribe_rate(client=client_address(request))
        except SubscriptionError as error:
            context = {"form": form, "error": error, "consent": consent_text()}
            return error.apply_to(render(request, "letters/subscribe.html", context))
        if not form.is_probably_spam:
            services.request_subscription(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                lists=form.cleaned_data["lists"],
                language=form.cleaned_data["language"],
                consent_text=consent_text(),
            )
        return redirect("letters:subscribe_sent")
    status = 400 if form.is_bound else 200
    context = {"form": form, "consent": consent_text()}
    return render(request, "letters/subscribe.html", context, status=status)


def subscribe_sent(request):
    return render(request, "letters/subscribe_sent.html")


@never_cache
def confirm(request, token: str):
    """GET asks (mail scanners follow links), POST confirms; an expired or forged link
    answers 410."""
    try:
        if request.method != "POST":
            services.read_confirm_token(token)
            return render(request, "letters/confirm.html", {"token": token})
        subscriber = services.confirm_subscription(token=token, now=timezone.now())
    except ConfirmationLinkError as error:
        response = render(request, "letters/link_expired.html", {"error": error})
        return error.apply_to(response)
    messages.success(request, _("Your subscription is confirmed. Thank you!"))
    return redirect("letters:manage", token=subscriber.token)


def subscriber_for_token(token: str) -> Subscriber:
    return get_object_or_404(Subscriber, token=token)


@never_cache
def manage(request, token: str):
    """The private link: change or end the subscriptions without signing in."""
    subscriber = subscriber_for_token(token)
    subscriptions = list(subscriber.subscriptions.select_related("mailing_list"))
    confirmed = [
        s.mailing_list
        for s in subscriptions
        if s.status == Subscription.Status.CONFIRMED
    ]
    form = PreferencesForm(
        request.POST or None,
        subscribed_ids=[s.mailing_list_id for s in subscriptions],
        initial={
            "lists": confirmed,
            "themes": list(subscriber.themes.all()),
            "language": subscriber.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_subscriptions(
            subscriber=subscriber,
            lists=form.cleaned_data["lists"],
            themes=form.cleaned_data["themes"],
            language=form.cleaned_data["language"],
            source=Subscription.Source.FORM,
            consent_text=consent_text(),
            now=timezone.now(),
        )
        messages.success(request, _("Your choices have been saved."))
        return redirect("letters:manage", token=token)
    context = {"form": form, "subscriber": subscriber, "subscriptions": subscriptions}
    status = 400 if form.is_bound else 200
    return render(request, "letters/manage.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request, token: str, list_id: int):
    """RFC 8058: a POST (the mail program's one-click, or the button) unsubscribes at
    once, without login or CSRF token; a GET only asks."""
    subscription = get_object_or_404(
        Subscription.objects.select_related("mailing_list", "subscriber"),
        subscriber__token=token,
        mailing_list_id=list_id,
    )
    if request.method == "POST":
        services.unsubscribe(subscription=subscription, now=timezone.now())
        return render(
            request, "letters/unsubscribed.html", {"subscription": subscription}
        )
    return render(request, "letters/unsubscribe.html", {"subscription": subscription})


@login_required
@require_POST
def account_preferences(request):
    """My account's letters form."""
    subscriber = services.subscriber_for_user(request.user)
    subscribed = (
        list(subscriber.subscriptions.values_list("mailing_list_id", flat=True))
        if subscriber
        else []
    )
    form = PreferencesForm(request.POST, subscribed_ids=subscribed)
    if form.is_valid():
        services.update_member_subscriptions(
            user=request.user,
            lists=form.cleaned_data["lists"],
            themes=form.cleaned_data["themes"],
            language=form.cleaned_data["language"],
            consent_text=consent_text(),
            now=timezone.now(),
        )
        messages.success(request, _("Your letter subscriptions have been saved."))
    else:
        messages.error(request, _("Your letter subscriptions could not be saved."))
    return redirect("network:account")


def save_signup_choice(request, user, lists) -> None:
    services.subscribe_at_signup(
        user=user, lists=lists or [], consent_text=consent_text()
    )


def account_section(request) -> dict:
    """The My account section: the member's letters, themes and language."""
    user = request.user
    # Two queries: the subscriber's language with its themes (a row per theme), and
    # the lists offered with the person's subscriptions; the themes come from the cache.
    subscriber = list(
        Subscriber.objects.filter(user=user).values_list("language", "themes")
    )
    lists = list(MailingList.objects.offered_to(user))
    subscribed = [item.pk for item in lists if item.subscription_status is not None]
    if not subscriber:
        initial = {"language": getattr(user, "preferred_language", "") or "fi"}
    else:
        initial = {
            "lists": [
                item.pk
                for item in lists
                if item.subscription_status == Subscription.Status.CONFIRMED
            ],
            "themes": [theme for _language, theme in subscriber if theme is not None],
            "language": subscriber[0][0],
        }
    return {
        "form": PreferencesForm(
            initial=initial, subscribed_ids=subscribed, shown_lists=lists
        ),
        "consent": consent_text(),
    }
