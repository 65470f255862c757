from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_GET

from allauth.account import views as account_views

from portal.forms import SearchForm
from portal.search import search_pages

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
    # An empty search box is an ordinary slip (200 with a hint); anything else the
    # form refuses, such as an over-long query, is a bad request.
    refused = form.is_bound and form.errors and not form.has_error("q", "required")
    return render(
        request,
        "portal/search.html",
        {"form": form, "results": results, "query": form.data.get("q", "")},
        status=400 if refused else 200,
    )


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


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: the database may be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html"))
