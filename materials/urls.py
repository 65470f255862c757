from django.urls import path

from materials import feeds, views

app_name = "materials"

urlpatterns = [
    path("experts/<slug:slug>/", views.expert_detail, name="expert_detail"),
    path("news/rss/", feeds.NewsRssFeed(), name="news_rss"),
    path("news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("practices/share/", views.practice_share, name="practice_share"),
    path("practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
]
