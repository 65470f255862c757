from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path(
        "unsubscribe/<str:token>/<int:list_id>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("account/", views.account_preferences, name="account"),
]
