from wagtail import hooks
from wagtail.permissions import register_permission_policy

from asks.models import Request
from asks.viewsets import RequestPermissionPolicy, RequestViewSet

register_permission_policy(Request, RequestPermissionPolicy(Request))


@hooks.register("register_admin_viewset")
def register_request_viewset():
    return RequestViewSet()
