from django.urls import path

from minutebook.ledger import views

app_name = "ledger"
urlpatterns = [
    path("decisions/", views.ledger, name="decisions"),
    path("decisions/new/", views.decision_new, name="new"),
    path("decisions/new/check/", views.decision_new_check, name="check"),
    path("decisions/<str:reference>/", views.decision_detail, name="detail"),
    path("decisions/<str:reference>/progress/", views.decision_progress, name="progress"),
    path("decisions/<str:reference>/steps/", views.decision_step, name="step"),
]
