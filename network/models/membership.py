from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberProfileQuerySet(models.QuerySet):
    def verified(self) -> "MemberProfileQuerySet":
        return self.filter(status=MemberProfile.Status.VERIFIED)

    def pending(self) -> "MemberProfileQuerySet":
        return self.filter(status=MemberProfile.Status.PENDING)


class MemberProfile(models.Model):
    """What the network knows of a person: organisation, municipality, membership."""

    class OrganisationType(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        EMPLOYMENT_AREA = "employment_area", _("Employment area")
        WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
        STATE_AGENCY = "state_agency", _("State agency")
        OFFICE = "office", _("Change-support office")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NONE = "none", _("Not a member")
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified member")
        REJECTED = "rejected", _("Not approved")
        REVOKED = "revoked", _("Membership revoked")

    MEMBER_ORGANISATION_TYPES = (
        OrganisationType.MUNICIPALITY,
        OrganisationType.EMPLOYMENT_AREA,
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=32,
        choices=OrganisationType.choices,
        default=OrganisationType.MUNICIPALITY,
    )
    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Name of the organisation when it is not a municipality."),
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_listed_in_directory = models.BooleanField(
        _("listed in the member directory"),
        default=False,
        help_text=_("Other verified members can see the name, title and municipality."),
    )
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=Status.choices,
        default=Status.NONE,
        db_index=True,
    )
    status_reason = models.TextField(_("reason for the decision"), blank=True)
    requested_at = models.DateTimeField(
        _("verification requested at"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        ordering = ["user__last_name", "user__first_name", "pk"]
        permissions = [
            ("view_members_content", _("Can see members-only content and forums")),
            ("moderate_forums", _("Can moderate the discussion forums")),
            ("manage_membership", _("Can verify, reject and revoke members")),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def can_become_member(self) -> bool:
        """Only representatives of a municipality or employment area become members."""
        return (
            self.organisation_type in self.MEMBER_ORGANISATION_TYPES
            and self.municipality_id is not None
        )
