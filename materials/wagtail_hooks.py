from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from materials import services
from materials.forms import ExpertAdminForm
from materials.models import Expert
from network import access


@hooks.register("before_serve_document")
def check_document_audience(document, request):
    """A file is served only to those who may see a live page that publishes it."""
    decision = services.document_decision(request.user, document)
    if decision is access.Decision.LOGIN:
        return redirect_to_login(request.get_full_path())
    if decision is access.Decision.FORBID:
        return TemplateResponse(
            request,
            "materials/document_unavailable.html",
            {"document": document},
            status=403,
        )
    return None


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = _("Experts")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "title_fi", "email", "phone"]
    list_filter = ["themes"]
    search_fields = ["name", "title_fi", "title_sv", "responsibilities_fi"]
    ordering = ["sort_order", "name"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("slug"), FieldPanel("photo")],
                heading=_("Person"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("title_fi"),
                    FieldPanel("title_sv"),
                    FieldPanel("title_en"),
                ],
                heading=_("Title"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("responsibilities_fi"),
                    FieldPanel("responsibilities_sv"),
                    FieldPanel("responsibilities_en"),
                    FieldPanel("themes"),
                ],
                heading=_("Areas of responsibility"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("languages"),
                ],
                heading=_("Contact"),
            ),
            FieldPanel("sort_order"),
        ],
        base_form_class=ExpertAdminForm,
    )


register_snippet(ExpertViewSet)
