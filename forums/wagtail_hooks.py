"""The forum in the Wagtail admin: staff manage categories, moderators work the report
queue, and every moderation action has a label in the audit log."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from forums.viewsets import (
    ForumLogFormatter,
    ForumViewSetGroup,
    ModeratorReportPolicy,
    StaffCategoryPolicy,
)

from .models import Category, Report

"""The forum in the Wagtail admin: staff manage categories, moderators work the report
queue, and every moderation action has a label in the audit log."""


register_permission_policy(Category, StaffCategoryPolicy(Category))


register_permission_policy(Report, ModeratorReportPolicy(Report))


@hooks.register("register_admin_viewset")
def register_forum_viewsets():
    return ForumViewSetGroup()


LOG_ACTION_LABELS = {
    "forums.pin_topic": _("Pin topic"),
    "forums.unpin_topic": _("Unpin topic"),
    "forums.lock_topic": _("Lock topic"),
    "forums.unlock_topic": _("Unlock topic"),
    "forums.move_topic": _("Move topic"),
    "forums.hide_topic": _("Hide topic"),
    "forums.unhide_topic": _("Show topic again"),
    "forums.hide_post": _("Hide post"),
    "forums.restore_post": _("Restore post"),
    "forums.edit_post": _("Edit someone else's post"),
    "forums.dismiss_report": _("Dismiss report"),
}


@hooks.register("register_log_actions")
def register_forum_log_actions(actions):
    for action, label in LOG_ACTION_LABELS.items():
        formatter = type("ForumActionFormatter", (ForumLogFormatter,), {"label": label})
        actions.register_action(action)(formatter)
