from django.contrib.auth.models import Group

import factory

from network.models import MemberProfile, Municipality
from network.roles import MEMBERS_GROUP, MODERATORS_GROUP
from tests.factories.portal import UserFactory


def municipality(code: str = "091") -> Municipality:
    """One of the 308 municipalities that the migrations load."""
    return Municipality.objects.get(code=code)


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    organisation_type = MemberProfile.OrganisationType.MUNICIPALITY
    municipality = factory.LazyFunction(municipality)
    title = "Kotoutumiskoordinaattori"


def make_member(**profile_fields) -> MemberProfile:
    """A verified network member: profile status and group, as verification sets."""
    profile = MemberProfileFactory(
        status=MemberProfile.Status.VERIFIED, **profile_fields
    )
    profile.user.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return profile


def make_pending(**profile_fields) -> MemberProfile:
    return MemberProfileFactory(status=MemberProfile.Status.PENDING, **profile_fields)


def make_moderator(**profile_fields) -> MemberProfile:
    profile = make_member(**profile_fields)
    profile.user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return profile


def add_email(user, email: str, *, verified: bool = True, primary: bool = False):
    """Give the user another allauth address (verified unless told otherwise)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.create(
        user=user, email=email, verified=verified, primary=primary
    )


def add_domain(code: str, domain: str):
    """Let staff's extra e-mail domain belong to the municipality with this code."""
    from network.models import MunicipalityDomain

    return MunicipalityDomain.objects.create(
        municipality=municipality(code), domain=domain
    )


def make_membership_manager(**user_fields):
    """A user of the "Membership managers" group (may decide on memberships)."""
    from network.roles import MEMBERSHIP_MANAGERS_GROUP

    user = UserFactory(**user_fields)
    user.groups.add(Group.objects.get(name=MEMBERSHIP_MANAGERS_GROUP))
    return user
