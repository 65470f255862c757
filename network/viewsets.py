"""Staff views in the Wagtail admin: municipalities, the membership queue and coverage."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy

from allauth.account.models import EmailAddress

from network import access, services
from network.coverage import build_coverage
from network.exceptions import MembershipError
from network.filters import (
    GROUPING_LABELS,
    CoverageFilterSet,
    MembershipFilterSet,
    MunicipalityFilterSet,
)
from network.forms import DecisionForm
from network.models import GROUPING_FIELDS, MemberProfile, Municipality
from portal.exports import SafeSpreadsheetExportMixin
from portal.viewsets import (
    DateTimeColumn,
    ForbiddenInsteadOfRedirectMixin,
    InspectView,
    forbidden,
)

# --- Permission checks -------------------------------------------------------------------


class ManageMembershipRequiredMixin:
    """Every view of the queue: membership managers and superusers only."""

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_membership(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


# --- Permission policies ---------------------------------------------------------------


class MunicipalityPermissionPolicy(ModelPermissionPolicy):
    """Staff with the change permission correct e-mail domains and the contact address;
    municipalities themselves come from the CSV, so nobody adds or deletes them here."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class MembershipPermissionPolicy(ModelPermissionPolicy):
    """Membership managers see the queue and decide through the services; profiles are
    never added, edited or deleted in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and access.can_manage_membership(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and access.can_manage_membership(user)


# --- Municipalities ----------------------------------------------------------------------

REGISTER_FIELDS = [
    "code",
    "name_fi",
    "name_sv",
    "language",
    "region",
    "wellbeing_county",
    "employment_area",
    "region_sv",
    "wellbeing_county_sv",
    "employment_area_sv",
    "population",
    "website_domain",
]


class MunicipalityIndexView(ForbiddenInsteadOfRedirectMixin, generic.IndexView):
    @cached_property
    def columns(self):
        """The name links to the municipality's edit view (contact address, domains)."""
        name = TitleColumn(
            "name",
            label=_("Name"),
            sort_key="name_fi",
            get_url=self.get_edit_url,
            get_title_id=lambda municipality: f"municipality_{municipality.pk}_title",
        )
        return [name, *super().columns]


class MunicipalityEditView(ForbiddenInsteadOfRedirectMixin, generic.EditView):
    pass


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    index_view_class = MunicipalityIndexView
    edit_view_class = MunicipalityEditView
    name = "municipalities"
    url_prefix = "network/municipalities"
    icon = "site"
    menu_label = _("Municipalities")
    menu_order = 200
    add_to_admin_menu = False
    copy_view_enabled = False
    filterset_class = MunicipalityFilterSet
    search_fields = ["name_fi", "name_sv", "code"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        Column("code", label=_("Code"), sort_key="code"),
        Column("region_name", label=_("Region"), sort_key="region"),
        Column("wellbeing_county_name", label=_("Wellbeing services county")),
        Column("employment_area_name", label=_("Employment area")),
        Column("get_language_display", label=_("Language status")),
    ]
    panels = [
        MultiFieldPanel(
            [FieldPanel(name, read_only=True) for name in REGISTER_FIELDS],
            heading=_(
                "From the municipality register (updated by load_municipalities)"
            ),
        ),
        FieldPanel("contact_email"),
        InlinePanel(
            "domains",
            heading=_("E-mail domains"),
            label=_("E-mail domain"),
            help_text=_(
                "Verified addresses on these domains (or their subdomains) make a "
                "person a verified member of this municipality at once."
            ),
        ),
    ]


# --- Membership queue --------------------------------------------------------------------


class MembershipIndexView(
    ManageMembershipRequiredMixin, SafeSpreadsheetExportMixin, generic.IndexView
):
    template_name = "network/admin/membership_index.html"
    page_title = _("Membership requests")

    def get_base_queryset(self):
        return MemberProfile.objects.membership_queue()

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="memberprofile"),
            title_column(
                "name",
                label=_("Name"),
                accessor=lambda profile: profile.user.get_full_name() or "–",
                get_url=self.get_inspect_url,
                get_title_id=lambda profile: f"memberprofile_{profile.pk}_title",
                sort_key="user__last_name",
            ),
            Column("user.email", label=_("E-mail")),
            Column(
                "municipality",
                label=_("Municipality"),
                sort_key="municipality__name_fi",
            ),
            Column("get_organisation_type_display", label=_("Organisation type")),
            Column("title", label=_("Title")),
            Column("get_status_display", label=_("Status"), sort_key="status"),
            DateTimeColumn(
                "requested_at", label=_("Requested"), sort_key="requested_at"
            ),
        ]


class MembershipReviewView(ManageMembershipRequiredMixin, InspectView):
    template_name = "network/admin/membership_review.html"
    page_title = _("Review membership")

    def get_object(self, queryset=None):
        return get_object_or_404(MemberProfile.objects.membership_queue(), pk=self.pk)

    def get_fields(self):
        return [
            "user",
            "organisation_type",
            "organisation_name",
            "municipality",
            "title",
            "phone",
            "status",
            "verification_method",
            "status_reason",
            "requested_at",
            "decided_at",
            "decided_by",
        ]

    def get_context_data(self, **kwargs):
        profile = self.object
        domains = (
            list(profile.municipality.domains.values_list("domain", flat=True))
            if profile.municipality
            else []
        )
        addresses = [
            {
                "email": address.email,
                "verified": address.verified,
                "on_domain": any(
                    services.email_matches_domain(address.email, domain)
                    for domain in domains
                ),
            }
            for address in EmailAddress.objects.filter(user=profile.user).order_by(
                "email"
            )
        ]
        history = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(MemberProfile),
            object_id=str(profile.pk),
        ).select_related("user")
        return super().get_context_data(
            profile=profile,
            domains=domains,
            addresses=addresses,
            history=[
                {"entry": entry, "label": action_label(entry)}
                for entry in history.order_by("-timestamp", "-pk")
            ],
            decisions=[
                {
                    "name": name,
                    "label": decision.label,
                    "url": reverse(f"membership:{name}", args=[profile.pk]),
                }
                for name, decision in DECISIONS.items()
                if profile.status in decision.allowed_from
            ],
            **kwargs,
        )


def action_label(entry) -> str:
    """The history entry's label; `get_formatter` (unlike `get_action_label`) loads the
    registered actions first, so the first admin page after a restart works too."""
    formatter = log_registry.get_formatter(entry)
    return formatter.label if formatter else entry.action


class Decision:
    def __init__(self, *, label, service, allowed_from, done_message):
        self.label = label
        self.service = service
        self.allowed_from = allowed_from
        self.done_message = done_message


DECISIONS = {
    "approve": Decision(
        label=_("Approve"),
        service=services.approve_membership,
        allowed_from=services.DECIDABLE_FROM["approve"],
        done_message=_("%(name)s is now a verified member."),
    ),
    "reject": Decision(
        label=_("Reject"),
        service=services.reject_membership,
        allowed_from=services.DECIDABLE_FROM["reject"],
        done_message=_("The request of %(name)s was rejected."),
    ),
    "revoke": Decision(
        label=_("Revoke"),
        service=services.revoke_membership,
        allowed_from=services.DECIDABLE_FROM["revoke"],
        done_message=_("The membership of %(name)s was revoked."),
    ),
}


class DecisionView(ManageMembershipRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """Approve, reject or revoke one membership with an optional reason."""

    form_class = DecisionForm
    template_name = "network/admin/membership_decision.html"
    decision_name = ""

    @cached_property
    def decision(self) -> Decision:
        return DECISIONS[self.decision_name]

    @cached_property
    def profile(self) -> MemberProfile:
        return get_object_or_404(
            MemberProfile.objects.membership_queue(), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return self.decision.label

    def get_page_subtitle(self):
        return str(self.profile)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            profile=self.profile,
            decision=self.decision,
            mail_language=self.profile.mail_language,
            **kwargs,
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "language": self.profile.mail_language}

    def form_valid(self, form):
        review_url = reverse("membership:inspect", args=[self.profile.pk])
        try:
            self.decision.service(
                profile=self.profile,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except MembershipError as error:
            messages.error(self.request, error.message)
            return redirect(review_url)
        messages.success(
            self.request, self.decision.done_message % {"name": self.profile}
        )
        return redirect(reverse("membership:index") + "?status=pending")


class MembershipViewSet(ModelViewSet):
    model = MemberProfile
    name = "membership"
    url_prefix = "network/membership"
    icon = "user"
    menu_label = _("Membership requests")
    menu_order = 100
    add_to_admin_menu = False
    index_view_class = MembershipIndexView
    inspect_view_class = MembershipReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = MembershipFilterSet
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    search_backend_name = None
    list_per_page = 50
    list_export = [
        "user.first_name",
        "user.last_name",
        "user.email",
        "municipality.code",
        "municipality.name_fi",
        "get_organisation_type_display",
        "organisation_name",
        "title",
        "get_status_display",
        "requested_at",
        "decided_at",
    ]
    export_headings = {
        "user.first_name": _("First name"),
        "user.last_name": _("Last name"),
        "user.email": _("E-mail"),
        "municipality.code": _("Municipality code"),
        "municipality.name_fi": _("Municipality"),
        "get_organisation_type_display": _("Organisation type"),
        "organisation_name": _("Organisation"),
        "title": _("Title"),
        "get_status_display": _("Status"),
        "requested_at": _("Requested"),
        "decided_at": _("Decided"),
    }
    export_filename = "membership"
    ordering = "requested_at"

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index")) + "?status=pending"

    def get_urlpatterns(self):
        """Listing, review and decisions only: profiles are not added, edited or
        deleted in the admin."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("review/<int:pk>/", self.inspect_view, name="inspect"),
            *(
                path(
                    f"{name}/<int:pk>/",
                    DecisionView.as_view(decision_name=name),
                    name=name,
                )
                for name in DECISIONS
            ),
        ]


# --- Coverage ----------------------------------------------------------------------------

EXPORT_FIELDS = {
    "code": _("Code"),
    "name_fi": _("Name in Finnish"),
    "name_sv": _("Name in Swedish"),
    "region": _("Region"),
    "wellbeing_county": _("Wellbeing services county"),
    "employment_area": _("Employment area"),
    "verified_members": _("Verified members"),
    "pending_requests": _("Pending requests"),
}


class CoverageView(SafeSpreadsheetExportMixin, ReportView):
    """Verified members and pending requests per municipality, grouped and totalled."""

    template_name = "network/admin/coverage.html"
    results_template_name = "network/admin/coverage_results.html"
    page_title = _("Membership coverage")
    header_icon = "table"
    filterset_class = CoverageFilterSet
    paginate_by = None
    index_url_name = "network_coverage:index"
    index_results_url_name = "network_coverage:index_results"
    export_filename = "coverage"

    def dispatch(self, request, *args, **kwargs):
        if not access.can_view_coverage(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return Municipality.objects.with_membership_counts()

    def get_filtered_queryset(self):
        # BaseListingView.get_queryset() has filtered already.
        return self.get_queryset()

    @cached_property
    def coverage(self):
        return build_coverage(self.object_list, grouping=self.filters.grouping)

    @property
    def list_export(self):
        return [*EXPORT_FIELDS, *(f"extra:{c.key}" for c in self.coverage.columns)]

    @property
    def export_headings(self):
        return {
            **EXPORT_FIELDS,
            **{f"extra:{c.key}": c.label for c in self.coverage.columns},
        }

    def decorate_paginated_queryset(self, object_list):
        return self.coverage.rows

    def to_row_dict(self, item):
        municipality = item.municipality
        values = {
            "verified_members": item.verified_members,
            "pending_requests": item.pending_requests,
        }
        values.update(
            {field: municipality.grouping_name(field) for field in GROUPING_FIELDS}
        )
        row = {
            name: values.get(name, getattr(municipality, name, None))
            for name in EXPORT_FIELDS
        }
        for column, count in zip(self.coverage.columns, item.extra, strict=True):
            row[f"extra:{column.key}"] = count
        return row

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            coverage=self.coverage,
            grouping_label=GROUPING_LABELS[self.coverage.grouping],
            **kwargs,
        )


class CoverageViewSet(ViewSet):
    name = "network_coverage"
    url_prefix = "network/coverage"
    icon = "table"
    menu_label = _("Coverage")
    menu_order = 300
    add_to_admin_menu = False

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class CoverageMenuItem(MenuItem):
            def is_shown(self, request):
                return access.can_view_coverage(request.user)

        return CoverageMenuItem

    def get_urlpatterns(self):
        return [
            path("", CoverageView.as_view(), name="index"),
            path(
                "results/",
                CoverageView.as_view(results_only=True),
                name="index_results",
            ),
        ]


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 250
    items = (MembershipViewSet, MunicipalityViewSet, CoverageViewSet)
