from django.urls import path

from minutebook.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
