from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.topic_create, name="topic_create"),
    path(
        "c/<slug:slug>/follow/",
        views.category_subscription,
        name="category_subscription",
    ),
    path("topic/<int:pk>/", views.topic, name="topic"),
    path("topic/<int:pk>/unread/", views.topic_first_unread, name="topic_first_unread"),
    path("topic/<int:pk>/reply/", views.reply, name="reply"),
    path("topic/<int:pk>/follow/", views.topic_subscription, name="topic_subscription"),
    path("topic/<int:pk>/moderate/", views.topic_moderate, name="topic_moderate"),
    path("post/<int:pk>/", views.post_permalink, name="post"),
    path("post/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("post/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("post/<int:pk>/react/<slug:kind>/", views.post_react, name="post_react"),
    path("post/<int:pk>/report/", views.post_report, name="post_report"),
    path("post/<int:pk>/moderate/", views.post_moderate, name="post_moderate"),
    path(
        "attachment/<int:pk>/<str:filename>",
        views.attachment,
        name="attachment",
    ),
]
