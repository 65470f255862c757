"""Demo accounts for the office's roles (`office_roles.yaml` beside this module), one per
role that the network's demo does not already give someone: an editor, registration staff
and an administrator, all office staff on the reserved example domain, made through the same
role service the admin uses. Existing accounts are left as they are."""

from pathlib import Path

from allauth.account.models import EmailAddress

from network import roles, services
from network.models import MemberProfile
from portal.demo.data import read_yaml
from portal.demo.loader import accounts
from portal.demo.registry import Log
from portal.models import User

DATA_FILE = Path(__file__).resolve().parent / "office_roles.yaml"


def role_accounts() -> list[dict]:
    """The accounts of `office_roles.yaml`, each with a role of `network.roles`."""
    entries = read_yaml(DATA_FILE)["accounts"]
    unknown = {entry["role"] for entry in entries} - set(roles.OFFICE_GROUPS)
    if unknown:
        raise ValueError(f"office_roles.yaml names unknown roles: {sorted(unknown)}")
    return entries


def seed(*, log: Log) -> int:
    """Create the office's demo role accounts that do not exist yet; how many."""
    password = accounts()["password"]
    created = 0
    for entry in role_accounts():
        email = entry["email"]
        if User.objects.filter(email=email).exists():
            continue
        user = User.objects.create_user(
            email=email,
            password=password,
            first_name=entry["first_name"],
            last_name=entry["last_name"],
            preferred_language="fi",
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        services.update_profile(
            profile=services.profile_for(user),
            data={
                "organisation_type": MemberProfile.OrganisationType.OFFICE,
                "organisation_name": "Muutostuen verkosto",
                "title": entry["title"],
                "languages": ["fi", "sv", "en"],
            },
        )
        services.grant_office_role(user=user, group_name=entry["role"])
        log(f"Network: {entry['role']} demo account {email}.")
        created += 1
    return created
