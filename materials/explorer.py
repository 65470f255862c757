"""The page explorer of the material library (Wagtail's `PageViewSet` for material
pages, good practices included: its listing is used for the library's children)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageViewSet

from materials.models import MaterialPage
from portal.page_listing import EXPLORER_PER_PAGE, explorer_columns


class MaterialPageViewSet(PageViewSet):
    """The library's children in the explorer: each material's kind beside its title,
    20 a page, with Wagtail's own title cell (its actions), type, status and filters."""

    model = MaterialPage
    icon = "doc-full"
    list_per_page = EXPLORER_PER_PAGE
    columns = explorer_columns(
        Column(
            "material_type",
            label=_("Material type"),
            accessor="get_material_type_display",
            sort_key="material_type",
        ),
        without=(),
    )
