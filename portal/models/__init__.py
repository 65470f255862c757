from .emails import MailingListOptOut, OutgoingEmail, OutgoingEmailQuerySet
from .pages import (
    HomePage,
    LanguageTreesQuerySetMixin,
    PortalPageMixin,
    SharedChildrenIndexMixin,
    ShownInEveryTreePageMixin,
    StandardPage,
    StatementPage,
    intro_field,
)
from .permissions import OfficeTools
from .settings import FooterLinkBlock, SiteSettings
from .taxonomy import Reform, Theme
from .users import User, UserManager

__all__ = [
    "FooterLinkBlock",
    "HomePage",
    "LanguageTreesQuerySetMixin",
    "MailingListOptOut",
    "OfficeTools",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
    "PortalPageMixin",
    "Reform",
    "SharedChildrenIndexMixin",
    "ShownInEveryTreePageMixin",
    "SiteSettings",
    "StandardPage",
    "StatementPage",
    "Theme",
    "User",
    "UserManager",
    "intro_field",
]
