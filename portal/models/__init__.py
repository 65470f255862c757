from .emails import OutgoingEmail, OutgoingEmailQuerySet
from .pages import HomePage, StandardPage, StatementPage
from .settings import FooterLinkBlock, SiteSettings
from .users import User, UserManager

__all__ = [
    "FooterLinkBlock",
    "HomePage",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
    "SiteSettings",
    "StandardPage",
    "StatementPage",
    "User",
    "UserManager",
]
