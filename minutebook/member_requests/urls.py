from django.urls import path

from minutebook.member_requests import views

app_name = "member_requests"
urlpatterns = [
    path("requests/", views.request_list, name="list"),
    path("requests/new/", views.request_new, name="new"),
    path("requests/<int:pk>/", views.request_detail, name="detail"),
    path("requests/<int:pk>/answer/", views.request_answer, name="answer"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="withdraw"),
]
