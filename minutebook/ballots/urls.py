from django.urls import path

from minutebook.ballots import views

app_name = "ballots"
urlpatterns = [
    path("ballots/", views.ballot_list, name="list"),
    path("ballots/<int:pk>/", views.ballot_detail, name="detail"),
    path("ballots/<int:pk>/cast/", views.ballot_cast, name="cast"),
    path("ballots/<int:pk>/cancel/", views.ballot_cancel, name="cancel"),
    path("ballots/<int:pk>/record/", views.ballot_record, name="record"),
    path("ballots/<int:pk>/receipts/", views.ballot_receipts, name="receipts"),
    path("bodies/<str:slug>/ballots/", views.body_ballots, name="body"),
    path("bodies/<str:slug>/ballots/new/", views.ballot_new, name="new"),
    path("bodies/<str:slug>/ballots/new-election/", views.ballot_new_election, name="new_election"),
]
