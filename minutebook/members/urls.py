from django.urls import path

from minutebook.members import views

app_name = "members"
urlpatterns = [
    path("members/", views.roll, name="roll"),
    path("members/<str:membership_number>/", views.member_detail, name="detail"),
]
