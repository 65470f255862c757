from .emails import OutgoingEmail, OutgoingEmailQuerySet
from .pages import (
    HomePage,
    StandardPage,
    StatementPage,
    ViewRestrictionsMixin,
    intro_field,
)
from .settings import FooterLinkBlock, SiteSettings
from .taxonomy import Reform, Theme
from .users import User, UserManager

__all__ = [
    "FooterLinkBlock",
    "HomePage",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
    "Reform",
    "SiteSettings",
    "StandardPage",
    "StatementPage",
    "Theme",
    "User",
    "UserManager",
    "ViewRestrictionsMixin",
    "intro_field",
]
