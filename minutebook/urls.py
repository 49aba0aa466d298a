from django.contrib.auth import views as auth_views
from django.urls import include, path

from minutebook.api.urls import api

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("minutebook.charter.urls")),
    path("", include("minutebook.bodies.urls")),
    path("", include("minutebook.meetings.urls")),
    path("", include("minutebook.obligations.urls")),
    path("", include("minutebook.members.urls")),
    path("", include("minutebook.ledger.urls")),
    path("", include("minutebook.journal.urls")),
    path("", include("minutebook.motions.urls")),
    path("", include("minutebook.votes.urls")),
    path("", include("minutebook.ballots.urls")),
    path("", include("minutebook.floor.urls")),
    path("", include("minutebook.petitions.urls")),
    path("", include("minutebook.member_requests.urls")),
    path("api/", api.urls),
    path("", include("minutebook.web.urls")),
]
