from django.urls import path

from minutebook.petitions import views

app_name = "petitions"
urlpatterns = [
    path("petitions/", views.petition_list, name="list"),
    path("petitions/new/", views.petition_new, name="new"),
    path("petitions/<int:pk>/", views.petition_detail, name="detail"),
    path("petitions/<int:pk>/sign/", views.petition_sign, name="sign"),
    path("petitions/<int:pk>/unsign/", views.petition_unsign, name="unsign"),
    path("petitions/<int:pk>/withdraw/", views.petition_withdraw, name="withdraw"),
]
