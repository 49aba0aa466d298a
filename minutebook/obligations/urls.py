from django.urls import path

from minutebook.obligations import views

app_name = "obligations"
urlpatterns = [
    path("obligations/", views.obligation_list, name="list"),
    path("obligations/<str:key>/", views.obligation_detail, name="detail"),
]
