from django.shortcuts import get_object_or_404, render

from wagtail.models import Locale

from materials import services
from materials.models import (
    Expert,
    ExpertIndexPage,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
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


def materials_home_section(*, request, home) -> dict:
    """The home page's newest materials this user may see in the home page's language."""
    return {
        "template": "materials/home_latest_materials.html",
        "items": MaterialPage.objects.latest_for(request.user, locale=home.locale),
        "index": MaterialIndexPage.objects.first_live_in(home.locale),
    }


def news_home_section(*, request, home) -> dict:
    """The home page's newest news items this user may see in the home page's language."""
    return {
        "template": "materials/home_latest_news.html",
        "items": NewsPage.objects.latest_for(request.user, locale=home.locale),
        "index": NewsIndexPage.objects.first_live_in(home.locale),
    }
