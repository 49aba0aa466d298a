from django.urls import path

from minutebook.votes import views

app_name = "votes"
urlpatterns = [
    path("meetings/<int:meeting_id>/votes/", views.console, name="console"),
    path("meetings/<int:meeting_id>/votes/open/", views.vote_open, name="open"),
    path("meetings/<int:meeting_id>/elections/new/", views.election_new, name="election_new"),
    path("votes/<int:pk>/", views.vote_detail, name="detail"),
    path("votes/<int:pk>/cast/", views.vote_cast, name="cast"),
    path("votes/<int:pk>/roll-call/", views.vote_roll_call, name="roll_call"),
    path("votes/<int:pk>/close/", views.vote_close, name="close"),
    path("votes/<int:pk>/cancel/", views.vote_cancel, name="cancel"),
    path("votes/<int:pk>/receipts/", views.vote_receipts, name="receipts"),
    path("elections/<int:pk>/", views.election_detail, name="election"),
    path("elections/<int:pk>/nominate/", views.election_nominate, name="nominate"),
    path(
        "elections/<int:pk>/candidates/<int:candidate_id>/accept/",
        views.candidate_accept,
        name="accept",
    ),
    path("elections/<int:pk>/open/", views.election_open, name="election_open"),
    path("elections/<int:pk>/fill/", views.election_fill, name="election_fill"),
]
