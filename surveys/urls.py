from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("join/<str:token>/", views.join, name="join"),
]
