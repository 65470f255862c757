from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MemberProfileQuerySet(models.QuerySet):
    def verified(self) -> "MemberProfileQuerySet":
        return self.filter(status=MemberProfile.Status.VERIFIED)

    def pending(self) -> "MemberProfileQuerySet":
        return self.filter(status=MemberProfile.Status.PENDING)

    def with_reform_role(self, role: str) -> "MemberProfileQuerySet":
        """Profiles that hold the reform role (a `MemberProfile.ReformRole` value)."""
        return self.filter(**{MemberProfile.REFORM_ROLE_FIELDS[role]: True})

    def search_name(self, query: str) -> "MemberProfileQuerySet":
        """Every word of the query in the first or the last name (case-insensitive)."""
        queryset = self
        for word in query.split():
            queryset = queryset.filter(
                Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
            )
        return queryset

    def in_directory(self) -> "MemberProfileQuerySet":
        """Verified members who agreed to be listed, with what the directory shows."""
        return (
            self.verified()
            .filter(is_listed_in_directory=True, user__is_active=True)
            .select_related("user", "municipality")
            .order_by("user__last_name", "user__first_name", "pk")
        )

    def membership_queue(self) -> "MemberProfileQuerySet":
        """Profiles staff decide on, with the user and municipality for the listing."""
        return self.filter(user__is_active=True).select_related(
            "user", "municipality", "decided_by"
        )


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

    class VerificationMethod(models.TextChoices):
        DOMAIN = "domain", _("Verified e-mail address on the municipality's domain")
        STAFF = "staff", _("Approved by the change-support office")

    class ReformRole(models.TextChoices):
        KOTO24 = "koto24", _("KOTO24 preparer (integration)")
        TE24 = "te24", _("TE24 preparer (employment services)")
        OTHER = "other", _("Other role in the reforms")

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")
        SAMI = "se", _("Sámi")
        RUSSIAN = "ru", _("Russian")
        UKRAINIAN = "uk", _("Ukrainian")
        ESTONIAN = "et", _("Estonian")
        ARABIC = "ar", _("Arabic")
        SOMALI = "so", _("Somali")
        PERSIAN = "fa", _("Persian")

    REFORM_ROLE_FIELDS = {
        ReformRole.KOTO24: "is_koto24_preparer",
        ReformRole.TE24: "is_te24_preparer",
        ReformRole.OTHER: "has_other_reform_role",
    }

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
    is_koto24_preparer = models.BooleanField(
        _("KOTO24 preparer"),
        default=False,
        help_text=_("Prepares the integration-law reform (KOTO24)."),
    )
    is_te24_preparer = models.BooleanField(
        _("TE24 preparer"),
        default=False,
        help_text=_("Prepares the employment-services reform (TE24)."),
    )
    has_other_reform_role = models.BooleanField(
        _("other role in the reforms"), default=False
    )
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Codes of the languages the person works in, e.g. fi, sv."),
    )
    is_listed_in_directory = models.BooleanField(
        _("listed in the member directory"),
        default=False,
        help_text=_(
            "Other verified members can see the name, title, organisation, "
            "municipality, reform roles, languages and e-mail address."
        ),
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
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        # The decision stays on record when the staff member's account goes.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verification_method = models.CharField(
        _("verified by"),
        max_length=16,
        choices=VerificationMethod.choices,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        ordering = ["user__last_name", "user__first_name", "pk"]
        indexes = [
            models.Index(
                fields=["status", "requested_at"], name="network_profile_queue_idx"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def text_language(self) -> str:
        """The language the person's own texts (title, organisation) are taken to be in:
        their chosen language; empty when unknown (`{% lang_attr %}` marks nothing)."""
        return self.user.preferred_language or ""

    @property
    def mail_language(self) -> str:
        """The language of the mails the person is sent about their membership."""
        return self.user.preferred_language or settings.LANGUAGE_CODE

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def reform_roles(self) -> list[str]:
        """The person's reform roles as `ReformRole` values."""
        return [
            role
            for role, field in self.REFORM_ROLE_FIELDS.items()
            if getattr(self, field)
        ]

    def get_reform_roles_display(self) -> list[str]:
        return [str(self.ReformRole(role).label) for role in self.reform_roles]

    def get_languages_display(self) -> list[str]:
        known = dict(self.Language.choices)
        return [str(known[code]) for code in self.languages if code in known]

    @property
    def can_become_member(self) -> bool:
        """Only representatives of a municipality or employment area become members."""
        return (
            self.organisation_type in self.MEMBER_ORGANISATION_TYPES
            and self.municipality_id is not None
        )
