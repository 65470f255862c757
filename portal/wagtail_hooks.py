from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug", "sort_order"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["sort_order", "name_fi"]


register_snippet(ThemeViewSet)
