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
    "SizeClass",
    "normalise_domain",
    "size_class_expression",
]
