from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import EventSeries


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    menu_label = _("Event series")
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["name_fi"]


register_snippet(EventSeriesViewSet)
