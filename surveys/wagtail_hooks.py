from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from portal.viewsets import StaffMenuItem
from surveys import access as survey_access
from surveys import services, viewsets
from surveys.models import SurveyPage
from surveys.viewsets import SurveySeriesViewSet

admin_urlpatterns = [
    path("", viewsets.SurveyIndexView.as_view(), name="index"),
    path("preparers/", viewsets.PreparerRegisterView.as_view(), name="preparers"),
    path("<int:page_id>/results/", viewsets.ResultsView.as_view(), name="results"),
    path("<int:page_id>/export.<str:fmt>", viewsets.export_answers, name="export"),
    path(
        "<int:page_id>/not-answered/",
        viewsets.NotAnsweredView.as_view(),
        name="not_answered",
    ),
    path(
        "<int:page_id>/invitations/",
        viewsets.InvitationsView.as_view(),
        name="invitations",
    ),
]


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("surveys/", include((admin_urlpatterns, "surveys_admin")))]


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


register_snippet(SurveySeriesViewSet)
