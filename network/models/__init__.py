from .membership import MemberProfile, MemberProfileQuerySet
from .municipalities import (
    GROUPING_FIELDS,
    Municipality,
    MunicipalityDomain,
    MunicipalityQuerySet,
    SizeClass,
    normalise_domain,
    size_class_expression,
)
from .pages import AudienceMixin, AudiencePageManager, AudiencePageQuerySet
from .permissions import ForumModeration, MembersContent, MembershipDecisions

__all__ = [
    "GROUPING_FIELDS",
    "AudienceMixin",
    "AudiencePageManager",
    "AudiencePageQuerySet",
    "ForumModeration",
    "MemberProfile",
    "MemberProfileQuerySet",
    "MembersContent",
    "MembershipDecisions",
    "Municipality",
    "MunicipalityDomain",
    "MunicipalityQuerySet",
    "SizeClass",
    "normalise_domain",
    "size_class_expression",
]
