from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from network.models import MemberProfile


@login_required
def account(request):
    profile, _created = MemberProfile.objects.select_related(
        "municipality"
    ).get_or_create(user=request.user)
    return render(request, "network/account.html", {"profile": profile})
