from django.urls import path

from asks import views

app_name = "asks"

urlpatterns = [
    path("", views.start, name="start"),
    path("new/<slug:kind>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/add/", views.add_information, name="add_information"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/expert-reply/", views.expert_reply, name="expert_reply"),
    path(
        "questions/event/<int:event_pk>/ask/",
        views.ask_question,
        name="question_ask",
    ),
    path("questions/<int:pk>/edit/", views.edit_question, name="question_edit"),
    path(
        "questions/<int:pk>/withdraw/",
        views.withdraw_question,
        name="question_withdraw",
    ),
    path("questions/<int:pk>/vote/", views.vote_question, name="question_vote"),
]
