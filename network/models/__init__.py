from .membership import MemberProfile, MemberProfileQuerySet
from .municipalities import Municipality, MunicipalityDomain
from .pages import AudienceMixin, AudiencePageManager, AudiencePageQuerySet

__all__ = [
    "AudienceMixin",
    "AudiencePageManager",
    "AudiencePageQuerySet",
    "MemberProfile",
    "MemberProfileQuerySet",
    "Municipality",
    "MunicipalityDomain",
]
