"""Who may see and run a meeting's list of speakers, decided on top of the meetings' access:
whoever may follow the meeting sees the list (others get a 404, as for the meeting); the chair
runs it (others get a 403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minutebook.bodies.access import body_for_viewer, can_see_body_records
from minutebook.bodies.models import Body
from minutebook.floor.models import SpeakerRequest
from minutebook.meetings.access import can_chair_meeting, meeting_for_viewer
from minutebook.meetings.models import Meeting


def floor_meeting_for_viewer(user, meeting_id: int) -> Meeting:
    return meeting_for_viewer(user, meeting_id)


def require_chair(user, meeting: Meeting) -> None:
    if not can_chair_meeting(user, meeting):
        raise PermissionDenied("only the chair, the secretary or an administrator runs the floor")


def request_for_viewer(user, meeting_id: int, request_id: int) -> SpeakerRequest:
    """A request on the list of a meeting the user may follow; 404 otherwise."""
    meeting = meeting_for_viewer(user, meeting_id)
    request = SpeakerRequest.objects.filter(meeting=meeting, pk=request_id).first()
    if request is None:
        raise Http404
    return request


def body_speaking_for_viewer(user, slug: str) -> Body:
    """A body whose records (and so whose speaking statistics) the user may read; 404 else."""
    body = body_for_viewer(user, slug)
    if not can_see_body_records(user, body):
        raise Http404
    return body
