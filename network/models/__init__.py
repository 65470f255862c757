from .membership import MemberProfile, MemberProfileQuerySet
from .municipalities import (
    GROUPING_FIELDS,
    Municipality,
    MunicipalityDomain,
    MunicipalityQuerySet,
    normalise_domain,
)
from .pages import AudienceMixin, AudiencePageManager, AudiencePageQuerySet

__all__ = [
    "GROUPING_FIELDS",
    "AudienceMixin",
    "AudiencePageManager",
    "AudiencePageQuerySet",
    "MemberProfile",
    "MemberProfileQuerySet",
    "Municipality",
    "MunicipalityDomain",
    "MunicipalityQuerySet",
    "normalise_domain",
]
