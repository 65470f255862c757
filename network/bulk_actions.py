"""Bulk approve, reject and revoke in the membership queue (Wagtail bulk actions)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.views.bulk_action import BulkAction

from network import access, services
from network.filters import MembershipFilterSet
from network.forms import DecisionForm
from network.models import MemberProfile
from network.viewsets import forbidden


class MembershipBulkAction(BulkAction):
    models = [MemberProfile]
    form_class = DecisionForm
    template_name = "network/admin/bulk_decision.html"
    allowed_from: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_membership(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(MemberProfile.objects.membership_queue().filter(pk__in=object_ids))

    def get_all_objects_in_listing_query(self, parent_id):
        """ "Select all" covers the listing as filtered and searched, not every profile."""
        queryset = MemberProfile.objects.membership_queue()
        filterset = MembershipFilterSet(self.request.GET, queryset=queryset)
        queryset = filterset.qs if filterset.is_valid() else queryset.none()
        if query := self.request.GET.get("q"):
            queryset = queryset.filter(
                Q(user__first_name__icontains=query)
                | Q(user__last_name__icontains=query)
                | Q(user__email__icontains=query)
            )
        return queryset.values_list("pk", flat=True)

    def check_perm(self, obj):
        """Profiles whose status does not allow this decision are listed apart."""
        return obj.status in self.allowed_from

    def get_execution_context(self):
        return {
            "by": self.request.user,
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def execute_action(cls, objects, by=None, reason="", **kwargs):
        for profile in objects:
            cls.decide(profile=profile, by=by, reason=reason)
        return len(objects), 0


class ApproveBulkAction(MembershipBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected membership requests")
    action_priority = 10
    allowed_from = services.DECIDABLE_FROM["approve"]
    decide = staticmethod(services.approve_membership)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d membership approved.",
            "%(count)d memberships approved.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class RejectBulkAction(MembershipBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected membership requests")
    action_priority = 20
    allowed_from = services.DECIDABLE_FROM["reject"]
    decide = staticmethod(services.reject_membership)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d membership request rejected.",
            "%(count)d membership requests rejected.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class RevokeBulkAction(MembershipBulkAction):
    display_name = _("Revoke")
    action_type = "revoke"
    aria_label = _("Revoke the selected memberships")
    action_priority = 30
    allowed_from = services.DECIDABLE_FROM["revoke"]
    decide = staticmethod(services.revoke_membership)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d membership revoked.",
            "%(count)d memberships revoked.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
