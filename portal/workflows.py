"""How a moderation workflow that reviewers approved publishes its content: Wagtail's
`WAGTAIL_FINISH_WORKFLOW_ACTION`.

Wagtail publishes the approved revision as the last approver, which needs Wagtail's
"publish" permission on the page. A workflow whose every task says
`publishes_on_approval = True` publishes as the approver without it: the tasks' groups are
exactly who may publish that content. The practice review of shared good practices is
such a workflow (the office's editors review and publish practices without being able
to publish other pages); every other workflow publishes as Wagtail does.
"""

from wagtail.workflows import publish_workflow_state


def finish_workflow(workflow_state, user=None) -> None:
    tasks = [task.specific for task in workflow_state.workflow.tasks]
    if tasks and all(getattr(task, "publishes_on_approval", False) for task in tasks):
        revision = workflow_state.content_object.get_latest_revision()
        revision.publish(user=user, skip_permission_checks=True)
        return
    publish_workflow_state(workflow_state, user=user)
