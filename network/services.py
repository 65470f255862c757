"""Membership workflows: profile changes, verification by e-mail domain, staff decisions,
roles and account deletion. Views, signals, the admin and the demo all go through here.

Status rules (`MemberProfile.Status`):

- A new claim (municipality or organisation type changed) is assessed afresh: a verified
  e-mail address on one of the municipality's domains makes the person a verified member at
  once; other municipal representatives wait as *pending* for staff; people of other
  organisations are not members. A revoked membership stays revoked until staff approve.
- An e-mail change (allauth signals) re-checks the addresses: a matching verified address
  verifies a pending or rejected person; a member verified only by an address that no
  longer matches goes back to pending; a member approved by staff stays verified.
- Staff approve (pending, rejected or revoked → verified), reject (pending → rejected) or
  revoke (verified → revoked), with an optional reason, and the person gets an e-mail.

Every status change is written to Wagtail's audit log and the "Network members" group
follows the status.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress

from network import access, personal_data
from network.exceptions import (
    MembershipPermissionError,
    MembershipStateError,
    NotEligibleError,
)
from network.models import (
    MemberProfile,
    Municipality,
    MunicipalityDomain,
    normalise_domain,
)
from network.roles import (
    MEMBERS_GROUP,
    MEMBERSHIP_MANAGERS_GROUP,
    MODERATORS_GROUP,
    OFFICE_GROUPS,
)
from portal import retention
from portal.emails import queue_templated_email
from portal.models import OutgoingEmail

Status = MemberProfile.Status
Method = MemberProfile.VerificationMethod

USER_FIELDS = ("first_name", "last_name", "preferred_language")
PROFILE_FIELDS = (
    "organisation_type",
    "organisation_name",
    "municipality",
    "title",
    "phone",
    "languages",
    "is_listed_in_directory",
)

# Audit log actions (registered with labels in wagtail_hooks.py).
ACTION_REQUEST = "network.membership.request"
ACTION_VERIFY = "network.membership.verify"
ACTION_APPROVE = "network.membership.approve"
ACTION_REJECT = "network.membership.reject"
ACTION_REVOKE = "network.membership.revoke"
ACTION_LAPSE = "network.membership.lapse"
ACTION_GRANT_ROLE = "network.role.grant"
ACTION_DELETE_ACCOUNT = "network.account.delete"

# The statuses from which staff may take each decision.
DECIDABLE_FROM: dict[str, tuple[str, ...]] = {
    "approve": (Status.PENDING, Status.REJECTED, Status.REVOKED),
    "reject": (Status.PENDING,),
    "revoke": (Status.VERIFIED,),
}


# --- Domain matching (pure) -----------------------------------------------------------


def email_domain(email: str) -> str:
    """The normalised host part of an address ("" when there is none)."""
    local, at, host = email.strip().rpartition("@")
    if not at or not local:
        return ""
    return normalise_domain(host)


def email_matches_domain(email: str, domain: str) -> bool:
    """The address is on the domain itself or on a subdomain of it, in any letter case.

    `x@oulu.fi.evil.example` and `x@eviloulu.fi` do not match `oulu.fi`.
    """
    host, domain = email_domain(email), normalise_domain(domain)
    if not host or not domain:
        return False
    return host == domain or host.endswith("." + domain)


# --- Queries ---------------------------------------------------------------------------


def profile_for(user) -> MemberProfile:
    """The user's profile, created empty (not a member) the first time it is needed."""
    profile, _created = MemberProfile.objects.select_related(
        "municipality", "user"
    ).get_or_create(user=user)
    return profile


def matching_verified_emails(*, user, municipality: Municipality | None) -> list[str]:
    """The user's verified addresses that are on one of the municipality's domains."""
    if municipality is None:
        return []
    domains = list(municipality.domains.values_list("domain", flat=True))
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return sorted(
        address
        for address in addresses
        if any(email_matches_domain(address, domain) for domain in domains)
    )


def municipality_for_email(email: str) -> Municipality | None:
    """The municipality whose domain (the most specific one) the address is on."""
    host = email_domain(email)
    if not host:
        return None
    labels = host.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    match = (
        MunicipalityDomain.objects.filter(domain__in=candidates)
        .select_related("municipality")
        .order_by(Length("domain").desc())
        .first()
    )
    return match.municipality if match else None


# --- Profile and verification ------------------------------------------------------------


def update_profile(
    *,
    profile: MemberProfile,
    data: Mapping[str, Any],
    now: datetime.datetime | None = None,
) -> MemberProfile:
    """Save the person's own profile; a changed municipality or organisation type is a
    new claim and re-runs verification.

    `data` holds any of USER_FIELDS, PROFILE_FIELDS and `reform_roles` (ReformRole values).
    """
    now = now or timezone.now()
    with transaction.atomic():
        profile = _locked_profile(profile.pk)
        user = profile.user
        claim_before = (profile.organisation_type, profile.municipality_id)
        user_fields = [name for name in USER_FIELDS if name in data]
        for name in user_fields:
            setattr(user, name, data[name])
        if user_fields:
            user.save(update_fields=user_fields)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(profile, name, data[name])
        if "reform_roles" in data:
            roles = set(data["reform_roles"])
            for role, field in MemberProfile.REFORM_ROLE_FIELDS.items():
                setattr(profile, field, role in roles)
        profile.save()
        if (profile.organisation_type, profile.municipality_id) != claim_before:
            _assess_new_claim(profile, now=now)
    return profile


def reverify_membership(*, user, now: datetime.datetime | None = None) -> MemberProfile:
    """Re-check the user's verified addresses after an e-mail change (see module rules)."""
    now = now or timezone.now()
    with transaction.atomic():
        profile = _locked_profile(profile_for(user).pk)
        if profile.status == Status.REVOKED or not profile.can_become_member:
            return profile
        matches = matching_verified_emails(
            user=profile.user, municipality=profile.municipality
        )
        if matches and profile.status != Status.VERIFIED:
            _change_status(
                profile,
                Status.VERIFIED,
                action=ACTION_VERIFY,
                method=Method.DOMAIN,
                now=now,
                data={"addresses": matches},
            )
        elif not matches and (
            profile.status == Status.NONE
            or (
                profile.status == Status.VERIFIED
                and profile.verification_method == Method.DOMAIN
            )
        ):
            _change_status(
                profile,
                Status.PENDING,
                action=ACTION_REQUEST
                if profile.status == Status.NONE
                else ACTION_LAPSE,
                now=now,
            )
    return profile


def _assess_new_claim(profile: MemberProfile, *, now: datetime.datetime) -> None:
    if profile.status == Status.REVOKED:
        return
    if not profile.can_become_member:
        if profile.status != Status.NONE:
            _change_status(profile, Status.NONE, action=ACTION_LAPSE, now=now)
        return
    matches = matching_verified_emails(
        user=profile.user, municipality=profile.municipality
    )
    if matches:
        _change_status(
            profile,
            Status.VERIFIED,
            action=ACTION_VERIFY,
            method=Method.DOMAIN,
            now=now,
            data={"addresses": matches},
        )
    else:
        _change_status(profile, Status.PENDING, action=ACTION_REQUEST, now=now)


# --- Staff decisions -------------------------------------------------------------------


def approve_membership(
    *,
    profile: MemberProfile,
    by,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> MemberProfile:
    """Make a pending, rejected or revoked municipal representative a verified member."""
    return _decide(
        profile=profile,
        by=by,
        reason=reason,
        now=now,
        allowed_from=DECIDABLE_FROM["approve"],
        to=Status.VERIFIED,
        action=ACTION_APPROVE,
        email="membership_approved",
    )


def reject_membership(
    *,
    profile: MemberProfile,
    by,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> MemberProfile:
    """Turn down a pending request."""
    return _decide(
        profile=profile,
        by=by,
        reason=reason,
        now=now,
        allowed_from=DECIDABLE_FROM["reject"],
        to=Status.REJECTED,
        action=ACTION_REJECT,
        email="membership_rejected",
    )


def revoke_membership(
    *,
    profile: MemberProfile,
    by,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> MemberProfile:
    """End a verified membership; the person also loses the moderator role."""
    return _decide(
        profile=profile,
        by=by,
        reason=reason,
        now=now,
        allowed_from=DECIDABLE_FROM["revoke"],
        to=Status.REVOKED,
        action=ACTION_REVOKE,
        email="membership_revoked",
    )


def _decide(
    *,
    profile: MemberProfile,
    by,
    reason: str,
    now: datetime.datetime | None,
    allowed_from: tuple[str, ...],
    to: str,
    action: str,
    email: str,
) -> MemberProfile:
    if not access.can_manage_membership(by):
        raise MembershipPermissionError
    now = now or timezone.now()
    with transaction.atomic():
        profile = _locked_profile(profile.pk)
        if profile.status not in allowed_from:
            raise MembershipStateError
        if to == Status.VERIFIED and not profile.can_become_member:
            raise NotEligibleError
        _change_status(
            profile,
            to,
            action=action,
            method=Method.STAFF if to == Status.VERIFIED else "",
            by=by,
            reason=reason.strip(),
            now=now,
        )
        _notify(profile, email)
    return profile


# --- Roles -----------------------------------------------------------------------------


def grant_moderator(*, user, by=None, now: datetime.datetime | None = None):
    """Make the user a forum moderator (members-only content included)."""
    return _grant_role(user=user, group_name=MODERATORS_GROUP, by=by, now=now)


def grant_membership_manager(*, user, by=None, now: datetime.datetime | None = None):
    """Let the user verify, reject and revoke members in the admin."""
    return _grant_role(user=user, group_name=MEMBERSHIP_MANAGERS_GROUP, by=by, now=now)


def grant_office_role(
    *, user, group_name: str, by=None, now: datetime.datetime | None = None
):
    """Give the user one of the office's roles (`network.roles.OFFICE_GROUPS`)."""
    if group_name not in OFFICE_GROUPS:
        raise ValueError(f"Not an office role: {group_name}")
    return _grant_role(user=user, group_name=group_name, by=by, now=now)


def _grant_role(*, user, group_name: str, by, now: datetime.datetime | None):
    group = Group.objects.get(name=group_name)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        log(
            instance=user,
            action=ACTION_GRANT_ROLE,
            user=by,
            timestamp=now or timezone.now(),
            data={"role": group_name},
        )
    return user


# --- Account deletion --------------------------------------------------------------------


def delete_account(*, user, now: datetime.datetime | None = None):
    """Erase the person's data and keep an anonymised, inactive `User` row.

    The row stays so that content in shared spaces (forum posts…) keeps its author, shown
    as "deleted user", and audit entries keep who decided. Apps erase their own data
    through `network.personal_data` hooks, in the same transaction, first.
    """
    now = now or timezone.now()
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.select_for_update().get(pk=user.pk)
        personal_data.run_erase_hooks(user)
        _erase_network_data(user)
        user.email = personal_data.erased_email(user.pk)
        user.first_name = user.last_name = user.preferred_language = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        log(instance=user, action=ACTION_DELETE_ACCOUNT, timestamp=now)
    return user


def unconfirmed_accounts(*, now: datetime.datetime):
    """Accounts whose owner never confirmed the address, older than the retention period:
    an unverified address and no verified one, never signed in, not staff. (Accounts
    staff create in the admin have no address row and are never among them.)"""
    cutoff = retention.days_before(
        now, settings.PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS
    )
    unconfirmed = EmailAddress.objects.filter(verified=False).values("user")
    confirmed = EmailAddress.objects.filter(verified=True).values("user")
    return (
        get_user_model()
        .objects.filter(
            pk__in=unconfirmed,
            is_staff=False,
            is_superuser=False,
            last_login__isnull=True,
            date_joined__lt=cutoff,
        )
        .exclude(pk__in=confirmed)
    )


def delete_unconfirmed_accounts(*, now: datetime.datetime | None = None) -> int:
    """Delete the accounts `unconfirmed_accounts` finds, each with what the apps hold
    about it (their erase hooks run first); one transaction per account, re-checked
    under its lock, so an address confirmed meanwhile keeps its account."""
    now = now or timezone.now()
    user_model = get_user_model()
    deleted = 0
    for pk in unconfirmed_accounts(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            user = user_model.objects.select_for_update().filter(pk=pk).first()
            if not unconfirmed_accounts(now=now).filter(pk=pk).exists():
                continue
            personal_data.run_erase_hooks(user)
            _erase_network_data(user)
            user.delete()
            deleted += 1
    return deleted


def _erase_network_data(user) -> None:
    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list(
            "email", flat=True
        )
    }
    OutgoingEmail.objects.filter(to__in=addresses).delete()
    EmailAddress.objects.filter(user=user).delete()
    UserProfile.objects.filter(user=user).delete()
    label = str(personal_data.DELETED_USER_LABEL)
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is not None:
        # Keep who decided and when; drop the name, reasons and addresses.
        _entries_for(profile).update(label=label, data={})
        profile.delete()
    _entries_for(user).update(label=label, data={})


def _entries_for(instance):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
    )


# --- Internals ---------------------------------------------------------------------------


def _locked_profile(pk: int) -> MemberProfile:
    return (
        MemberProfile.objects.select_for_update(of=("self",))
        .select_related("user", "municipality")
        .get(pk=pk)
    )


def _change_status(
    profile: MemberProfile,
    status: str,
    *,
    action: str,
    now: datetime.datetime,
    method: str = "",
    by=None,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
) -> None:
    previous = profile.status
    profile.status = status
    profile.verification_method = method if status == Status.VERIFIED else ""
    if status == Status.PENDING and previous != Status.PENDING:
        profile.requested_at = now
    profile.status_reason = reason
    profile.decided_by = by
    profile.decided_at = None if status in (Status.NONE, Status.PENDING) else now
    profile.save()
    _sync_groups(profile)
    log(
        instance=profile,
        action=action,
        user=by,
        timestamp=now,
        data={"from": previous, "to": status, "reason": reason, **(data or {})},
    )


def _sync_groups(profile: MemberProfile) -> None:
    """The members group follows the status; a revoked person stops moderating too."""
    user = profile.user
    members = Group.objects.get(name=MEMBERS_GROUP)
    if profile.status == Status.VERIFIED:
        user.groups.add(members)
    else:
        user.groups.remove(members)
    if profile.status == Status.REVOKED:
        user.groups.remove(Group.objects.get(name=MODERATORS_GROUP))


def _notify(profile: MemberProfile, template: str) -> None:
    user = profile.user
    language = profile.mail_language
    with translation.override(language):
        account_path = reverse("network:account")
    queue_templated_email(
        to=user.email,
        template_prefix=f"network/emails/{template}",
        context={
            "user": user,
            "profile": profile,
            "municipality": profile.municipality,
            "reason": profile.status_reason,
            "account_path": account_path,
        },
        language=language,
        kind="membership",
    )
