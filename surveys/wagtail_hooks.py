from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import access
from surveys import access as survey_access
from surveys import admin_views, services
from surveys.models import SurveyPage, SurveySeries

admin_urlpatterns = [
    path("", admin_views.SurveyIndexView.as_view(), name="index"),
    path("preparers/", admin_views.PreparerRegisterView.as_view(), name="preparers"),
    path("<int:page_id>/results/", admin_views.ResultsView.as_view(), name="results"),
    path("<int:page_id>/export.<str:fmt>", admin_views.export_answers, name="export"),
    path(
        "<int:page_id>/not-answered/",
        admin_views.NotAnsweredView.as_view(),
        name="not_answered",
    ),
    path(
        "<int:page_id>/invitations/",
        admin_views.InvitationsView.as_view(),
        name="invitations",
    ),
]


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("surveys/", include((admin_urlpatterns, "surveys_admin")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_staff_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_surveys_menu_item():
    return StaffMenuItem(
        _("Surveys"), reverse("surveys_admin:index"), icon_name="list-ul", order=260
    )


@hooks.register("register_page_listing_more_buttons")
def survey_results_button(page, user, next_url=None):
    if issubclass(page.specific_class or type(page), SurveyPage) and (
        survey_access.can_manage_survey(user, page)
    ):
        yield Button(
            _("Survey results"),
            reverse("surveys_admin:results", args=[page.pk]),
            icon_name="list-ul",
            priority=15,
        )


@hooks.register("register_log_actions")
def register_survey_log_actions(actions):
    actions.register_action(
        services.ACTION_INVITE, _("Invite municipalities"), _("Survey invitations sent")
    )
    actions.register_action(
        services.ACTION_REMIND, _("Remind municipalities"), _("Survey reminders sent")
    )
    actions.register_action(
        services.ACTION_INVITE_PREPARER,
        _("Invite a preparer to sign up"),
        _("Sign-up invitation sent to a preparer"),
    )


class SurveySeriesViewSet(SnippetViewSet):
    model = SurveySeries
    icon = "list-ul"
    menu_label = _("Survey series")
    menu_order = 320
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["name_fi"]


register_snippet(SurveySeriesViewSet)
