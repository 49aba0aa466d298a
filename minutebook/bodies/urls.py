from django.urls import path

from minutebook.bodies import views

app_name = "bodies"
urlpatterns = [
    path("bodies/", views.body_list, name="list"),
    path("bodies/<str:slug>/", views.body_detail, name="detail"),
    path("bodies/<str:slug>/apportionment/", views.body_apportionment, name="apportionment"),
]
