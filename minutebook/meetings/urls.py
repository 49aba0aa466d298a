from django.urls import path

from minutebook.meetings import views

app_name = "meetings"
urlpatterns = [
    path("bodies/<str:slug>/meetings/", views.body_meetings, name="body_meetings"),
    path("bodies/<str:slug>/meetings/new/", views.meeting_convene, name="convene"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/open/", views.meeting_open, name="open"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="close"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/check-in/", views.check_in_self, name="check_in"),
    path("meetings/<int:pk>/check-out/", views.check_out_self, name="check_out"),
    path("meetings/<int:pk>/attendance/check-in/", views.check_in_other, name="check_in_other"),
    path("meetings/<int:pk>/attendance/check-out/", views.check_out_other, name="check_out_other"),
    path("meetings/<int:pk>/agenda/", views.agenda_edit, name="agenda"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/", views.agenda_item_update, name="agenda_item"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/closed-session/",
        views.agenda_item_close_session,
        name="agenda_item_close_session",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/move/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path("meetings/<int:pk>/documents/new/", views.document_new, name="document_new"),
    path(
        "meetings/<int:pk>/documents/<int:document_pk>/",
        views.document_detail,
        name="document",
    ),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes.md", views.minutes_download, name="minutes_md"),
    path("meetings/<int:pk>/minutes/print/", views.minutes_print, name="minutes_print"),
    path("meetings/<int:pk>/approve-minutes/", views.approve_minutes, name="approve_minutes"),
]
