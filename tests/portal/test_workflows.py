"""How a finished moderation workflow publishes (portal.workflows.finish_workflow)."""

from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import Workflow

import pytest

from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_an_ordinary_workflow_still_needs_the_publish_permission(home_page, staff_user):
    """Editors may not publish other pages by approving Wagtail's default workflow."""
    page = StandardPageFactory(parent=home_page, live=False)
    page.save_revision(user=staff_user)
    workflow = Workflow.objects.get(name="Moderators approval")
    workflow.start(page, staff_user)
    task_state = page.current_workflow_task_state
    with pytest.raises(PublishPagePermissionError):
        task_state.approve(user=staff_user)
