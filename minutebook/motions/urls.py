from django.urls import path

from minutebook.motions import views

app_name = "motions"
urlpatterns = [
    path("meetings/<int:meeting_id>/motions/", views.meeting_motions_page, name="meeting"),
    path("motions/new/", views.motion_new, name="new"),
    path("motions/<int:pk>/", views.motion_detail, name="detail"),
    path("motions/<int:pk>/amend/", views.motion_amend, name="amend"),
    path("motions/<int:pk>/cosponsor/", views.motion_cosponsor, name="cosponsor"),
    path("motions/<int:pk>/withdraw/", views.motion_withdraw, name="withdraw"),
    path("motions/<int:pk>/admit/", views.motion_admit, name="admit"),
    path("motions/<int:pk>/read/", views.motion_read, name="read"),
    path("motions/<int:pk>/debate/", views.motion_debate, name="debate"),
    path("motions/<int:pk>/refer/", views.motion_refer, name="refer"),
    path("motions/<int:pk>/record/", views.motion_record, name="record"),
    path("amendments/<int:pk>/cosponsor/", views.amendment_cosponsor, name="amendment_cosponsor"),
    path("amendments/<int:pk>/withdraw/", views.amendment_withdraw, name="amendment_withdraw"),
    path("amendments/<int:pk>/admit/", views.amendment_admit, name="amendment_admit"),
    path("amendments/<int:pk>/restate/", views.amendment_restate, name="amendment_restate"),
]
