from django.urls import path

from minutebook.journal import views

app_name = "journal"
urlpatterns = [
    path("journal/", views.journal_entries, name="entries"),
    path("journal/verify/", views.journal_check, name="verify"),
]
