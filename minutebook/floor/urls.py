from django.urls import path

from minutebook.floor import views

app_name = "floor"
urlpatterns = [
    path("meetings/<int:meeting_id>/floor/", views.floor_page, name="page"),
    path("meetings/<int:meeting_id>/floor/controls/", views.floor_controls, name="controls"),
    path(
        "meetings/<int:meeting_id>/floor/console/<str:part>/",
        views.console_part,
        name="console_part",
    ),
    path("meetings/<int:meeting_id>/floor/ask/", views.ask, name="ask"),
    path(
        "meetings/<int:meeting_id>/floor/requests/<int:request_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path("meetings/<int:meeting_id>/floor/call-next/", views.call_next, name="call_next"),
    path("meetings/<int:meeting_id>/floor/timer/start/", views.timer_start, name="timer_start"),
    path("meetings/<int:meeting_id>/floor/timer/pause/", views.timer_pause, name="timer_pause"),
    path("meetings/<int:meeting_id>/floor/turn/end/", views.turn_end, name="turn_end"),
    path("meetings/<int:meeting_id>/floor/extend/", views.extend, name="extend"),
    path("meetings/<int:meeting_id>/floor/list/close/", views.list_close, name="list_close"),
    path("meetings/<int:meeting_id>/floor/list/reopen/", views.list_reopen, name="list_reopen"),
    path("meetings/<int:meeting_id>/floor/debate/close/", views.debate_close, name="debate_close"),
    path("meetings/<int:meeting_id>/floor/options/", views.options, name="options"),
    path("meetings/<int:meeting_id>/floor/limit/", views.limit, name="limit"),
    path("meetings/<int:meeting_id>/floor/item/", views.item, name="item"),
    path(
        "meetings/<int:meeting_id>/floor/statistics/",
        views.meeting_statistics,
        name="statistics",
    ),
    path("meetings/<int:meeting_id>/projector/", views.projector, name="projector"),
    path("bodies/<str:slug>/speaking/", views.body_speaking, name="body_speaking"),
]
