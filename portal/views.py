from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import DisallowedHost
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from allauth.account import views as account_views

from portal import emails
from portal.forms import SearchForm
from portal.search import addresses_in_active_language, language_codes, search_pages

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        hits = search_pages(query=form.cleaned_data["q"], user=request.user)
        results = Paginator(hits, SEARCH_RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        addresses = addresses_in_active_language(results.object_list, request)
        codes = language_codes()
        for result in results.object_list:
            result.address_here = addresses.get(result.pk, "")
            result.written_in = codes.get(result.locale_id, "")
    # An empty search box is an ordinary slip (200 with a hint); anything else the
    # form refuses, such as an over-long query, is a bad request.
    refused = form.is_bound and form.errors and not form.has_error("q", "required")
    return render(
        request,
        "portal/search.html",
        {"form": form, "results": results, "query": form.data.get("q", "")},
        status=400 if refused else 200,
    )


@never_cache
@require_GET
def csrf_token(request):
    """A CSRF token (and its cookie) for a form of a page from the whole-page cache,
    which carries none (`portal.pagecache`, `portal/js/csrf-token.js`)."""
    return JsonResponse({"name": "csrfmiddlewaretoken", "token": get_token(request)})


def admin_login(request):
    """Send the admin's login to allauth, keeping where the editor was going."""
    return redirect_to_login(request.GET.get("next", reverse("wagtailadmin_home")))


class ConfirmEmailView(account_views.ConfirmEmailView):
    """allauth's confirmation page; an expired, used or unknown link answers 404, not 200."""

    def render_to_response(self, context, **kwargs):
        if self.object is None:
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)


class PasswordResetFromKeyView(account_views.PasswordResetFromKeyView):
    """allauth's new-password page; an expired, used or unknown link answers 404, not 200."""

    def render_to_response(self, context, **kwargs):
        if context.get("token_fail"):
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)


@csrf_exempt  # mail programs POST here without a token (RFC 8058); the token is signed
def unsubscribe(request, token: str):
    """Leave a mailing list from the link or the one-click button of a mail, without
    logging in. A GET only asks (mail scanners open links); a POST unsubscribes."""
    found = emails.read_unsubscribe_token(token)
    if found is None or found[1] not in emails.MAILING_LISTS:
        return render(request, "portal/unsubscribe.html", {"invalid": True}, status=404)
    email, mailing_list = found
    done = request.method == "POST"
    if done:
        emails.unsubscribe(email=email, mailing_list=mailing_list)
    context = {
        "done": done,
        "email": email,
        "label": emails.MAILING_LISTS[mailing_list],
    }
    return render(request, "portal/unsubscribe.html", context)


def bad_request(request, exception=None):
    if isinstance(exception, DisallowedHost):
        # Every page's context reads the host: rendered without the request, as the
        # server error page is (it was a server error of its own before).
        return HttpResponseBadRequest(loader.render_to_string("400_host.html"))
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


#: allauth does not tell which of its limits refused; five minutes is the longest window
#: of the account forms' limits (`ACCOUNT_RATE_LIMITS`), so a client that waits this long
#: is not refused by the same count again.
ACCOUNT_LIMIT_RETRY_AFTER = 5 * 60


def too_many_requests(request, exception=None):
    """allauth's answer when one of its rate limits refuses (`handler429`)."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(ACCOUNT_LIMIT_RETRY_AFTER)
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: the database may be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html"))
