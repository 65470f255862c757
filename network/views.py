import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from allauth.account.decorators import reauthentication_required

from network import personal_data, services
from network.account_sections import sections_for
from network.filters import DirectoryFilterSet
from network.forms import DeleteAccountForm, ProfileForm
from network.models import MemberProfile
from portal import access as core_access

DIRECTORY_PAGE_SIZE = 25


@require_GET
def join(request):
    """How to join the network, step by step, with the next step for this visitor."""
    profile = (
        services.profile_for(request.user)
        if core_access.is_signed_in(request.user)
        else None
    )
    return render(request, "network/join.html", {"profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def account(request):
    profile = services.profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.update_profile(profile=profile, data=form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            return redirect("network:account")
    else:
        suggested = None
        if profile.municipality is None:
            suggested = services.municipality_for_email(request.user.email)
        form = ProfileForm(
            initial=ProfileForm.initial_for(profile, suggested=suggested)
        )
    context = {
        "profile": profile,
        "form": form,
        "domains": profile.municipality.domains.all() if profile.municipality else [],
        "sections": sections_for(request),
    }
    status = 400 if form.is_bound else 200
    return render(request, "network/account.html", context, status=status)


@login_required
@require_GET
@never_cache
def personal_data_download(request):
    """Everything the portal holds about the signed-in person, as a JSON file."""
    document = {
        "generated_at": timezone.now(),
        "data": personal_data.collect_personal_data(request.user),
    }
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="muutostuki-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
@reauthentication_required(allow_get=True)
def delete_account(request):
    """Deleting the account asks for the password (or a second factor) again when the
    person has not given one in the last few minutes (allauth's re-authentication)."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        return render(request, "network/account_deleted.html")
    status = 400 if form.is_bound else 200
    return render(request, "network/account_delete.html", {"form": form}, status=status)


@login_required
@require_GET
@never_cache
def directory(request):
    if not core_access.can_view_members_content(request.user):
        return render(
            request,
            "network/members_only.html",
            {"title": _("Member directory")},
            status=403,
        )
    filterset = DirectoryFilterSet(
        request.GET or None,
        queryset=MemberProfile.objects.in_directory(),
        request=request,
    )
    page = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "network/directory.html", {"filter": filterset, "page_obj": page}
    )
