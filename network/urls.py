from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("account/", views.account, name="account"),
    path("account/my-data.json", views.personal_data_download, name="personal_data"),
    path("account/delete/", views.delete_account, name="delete_account"),
    path("members/", views.directory, name="directory"),
]
