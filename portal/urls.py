from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from allauth import urls as allauth_urls

from portal import views
from portal.viewsets import role_changes_reauthenticate

# Changing who holds which role in the admin asks for the password (or a second factor)
# again; the admin's pages are never stored by browsers or proxies (Wagtail's own rule),
# and neither are the account pages (addresses, recovery codes).
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, role_changes_reauthenticate)
decorate_urlpatterns(allauth_urls.urlpatterns, never_cache)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
# allauth's rate limits answer with this view (allauth looks it up here).
handler429 = "portal.views.too_many_requests"
handler500 = "portal.views.server_error"

urlpatterns = [
    # The admin has no login form of its own: allauth's rate-limited one serves.
    path("admin/login/", views.admin_login, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("csrf-token/", views.csrf_token, name="csrf_token"),
]

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Before allauth's own routes: the same pages, answering bad links with 404.
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        views.ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    path("accounts/", include(allauth_urls)),
    path("network/", include("network.urls")),
    path("forum/", include("forums.urls")),
    path("surveys/", include("surveys.urls")),
    path("events/", include("events.urls")),
    path("materials/", include("materials.urls")),
    path("requests/", include("asks.urls")),
    path("letters/", include("letters.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only images: documents go through Wagtail's permission-checked document view.
    for folder in ("images", "original_images"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/",
            document_root=f"{settings.MEDIA_ROOT}/{folder}",
        )
