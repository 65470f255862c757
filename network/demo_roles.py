"""Demo accounts for the office's roles, one per role (`network.roles.OFFICE_GROUPS`).

The membership manager (Laura Lahtinen) and the forum moderator (Mikko Heikkinen, a
verified member) come with the demo network (`network.demo`); this adds an editor,
registration staff and an administrator, all office staff on the reserved example domain,
through the same role service the admin uses. Run after `network.demo`; existing accounts
are left as they are.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress

from network import roles, services
from network.models import MemberProfile
from portal.demo import DEMO_ADMIN_PASSWORD
from portal.models import User

Log = Callable[[str], None]

#: (role group, e-mail, first name, last name, title)
ROLE_ACCOUNTS = [
    (
        roles.EDITORS_GROUP,
        "elina.saarinen@muutostuki.example",
        "Elina",
        "Saarinen",
        "Viestinnän asiantuntija",
    ),
    (
        roles.REGISTRATION_STAFF_GROUP,
        "oskari.lehto@muutostuki.example",
        "Oskari",
        "Lehto",
        "Tapahtumakoordinaattori",
    ),
    (
        roles.ADMINISTRATORS_GROUP,
        "helena.nurmi@muutostuki.example",
        "Helena",
        "Nurmi",
        "Verkoston pääkäyttäjä",
    ),
]


def seed(*, log: Log) -> None:
    """Create the office's demo role accounts that do not exist yet."""
    for group, email, first_name, last_name, title in ROLE_ACCOUNTS:
        if User.objects.filter(email=email).exists():
            continue
        user = User.objects.create_user(
            email=email,
            password=DEMO_ADMIN_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            preferred_language="fi",
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        services.update_profile(
            profile=services.profile_for(user),
            data={
                "organisation_type": MemberProfile.OrganisationType.OFFICE,
                "organisation_name": "Muutostuen verkosto",
                "title": title,
                "languages": ["fi", "sv", "en"],
            },
        )
        services.grant_office_role(user=user, group_name=group)
        log(f"Network: {group} demo account {email} (password {DEMO_ADMIN_PASSWORD}).")
