"""Requests in the Wagtail admin: the inbox viewset, its permission policy, and the
office's actions in the audit log (site history)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from asks import services
from asks.models import Request, RequestEvent
from asks.viewsets import QuestionViewSet, RequestPermissionPolicy, RequestViewSet

register_permission_policy(Request, RequestPermissionPolicy(Request))

Action = RequestEvent.Action

#: The audit log's filter label of each office action; its message is the request
#: log's own name of the change.
AUDIT_LOG_LABELS = {
    Action.ASSIGNED: _("Assign a request"),
    Action.ASKED: _("Ask a requester for more information"),
    Action.REPLIED: _("Reply to a request"),
    Action.ANSWERED: _("Answer a request"),
    Action.ACCEPTED: _("Accept a request"),
    Action.DECLINED: _("Decline a request"),
    Action.CLOSED: _("Close a request"),
    Action.NOTE_ADDED: _("Add an internal note to a request"),
    Action.FAQ_DRAFTED: _("Add a request to the FAQ"),
    Action.EVENT_DRAFTED: _("Make a request into an event page"),
    Action.FORUM_POSTED: _("Post a request in the forum"),
}


#: The audit log's filter label of each office action on questions in advance.
QUESTION_LOG_LABELS = {
    "question_hidden": (_("Hide a question in advance"), _("Question hidden")),
    "question_shown": (_("Show a hidden question again"), _("Question shown again")),
    "question_merged": (_("Merge a question into another"), _("Question merged")),
    "question_answered": (_("Answer a question in advance"), _("Question answered")),
    "question_faq_drafted": (
        _("Add a question in advance to the FAQ"),
        _("Added to the FAQ as a draft"),
    ),
    "questions_changed": (
        _("Change an event's questions in advance"),
        _("Settings of the questions changed"),
    ),
    "answers_published": (_("Publish an event's answers"), _("Answers published")),
    "answers_unpublished": (
        _("Take an event's answers off its page"),
        _("Answers unpublished"),
    ),
}


@hooks.register("register_admin_viewset")
def register_request_viewset():
    return RequestViewSet()


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return QuestionViewSet()


@hooks.register("register_log_actions")
def register_request_log_actions(actions):
    for action in services.AUDITED_ACTIONS:
        actions.register_action(
            services.audit_log_action(action), AUDIT_LOG_LABELS[action], action.label
        )
    for action in services.QUESTION_ACTIONS:
        label, message = QUESTION_LOG_LABELS[action]
        actions.register_action(services.audit_log_action(action), label, message)
