from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("<int:pk>/register/", views.event_registration, name="register"),
    path("feed.ics", views.public_feed, name="public_feed"),
    path("calendar/<str:key>.ics", views.personal_feed, name="personal_feed"),
    path("calendar/new/", views.calendar_token_issue, name="calendar_token_issue"),
    path("calendar/revoke/", views.calendar_token_revoke, name="calendar_token_revoke"),
    path(
        "registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "registrations/<str:token>/",
        views.registration_manage,
        name="registration_manage",
    ),
    path(
        "registrations/<str:token>/event.ics",
        views.registration_ics,
        name="registration_ics",
    ),
]
