"""Attendance: checking in and out, guests, proxies where the charter allows them, and the
quorum they make."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from minutebook.journal.models import JournalEntry
from minutebook.meetings import services
from minutebook.meetings.models import Attendance
from minutebook.meetings.selectors import meeting_attendance, meeting_quorum, present_voters
from tests.factories import build_small_union, record


def check_in(org, meeting, key, *, actor=None, proxy_for=None):
    return services.attendance_check_in(
        actor=actor or org.user(key),
        meeting=meeting,
        member=org.members[key],
        proxy_for=org.members[proxy_for] if proxy_for else None,
    )


def test_a_seat_holder_checks_in_once_the_meeting_is_open(org, meeting, clock):
    with pytest.raises(ValidationError, match="once the meeting is open"):
        check_in(org, meeting, "council-2")
    clock.set(meeting.starts_at)
    meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    clock.advance(minutes=3)
    row = check_in(org, meeting, "council-2")
    assert row.checked_in_at == clock.now and row.checked_out_at is None
    entry = JournalEntry.objects.get(action="attendance.check_in")
    assert entry.after["by_chair"] is False
    with pytest.raises(ValidationError, match="already checked in"):
        check_in(org, meeting, "council-2")


def test_the_chair_checks_anyone_in_also_before_the_opening(org, meeting, clock):
    row = check_in(org, meeting, "council-3", actor=org.user("council-1"))
    assert row.member == org.members["council-3"]
    assert JournalEntry.objects.get(action="attendance.check_in").after["by_chair"] is True


def test_a_seat_holder_does_not_check_in_someone_else(org, open_meeting, clock):
    with pytest.raises(PermissionDenied):
        check_in(org, open_meeting, "council-3", actor=org.user("council-2"))


def test_without_a_seat_only_the_chair_checks_you_in_as_a_guest(org, open_meeting, clock):
    with pytest.raises(PermissionDenied, match="no seat"):
        check_in(org, open_meeting, "east-member")
    check_in(org, open_meeting, "east-member", actor=org.admin)
    quorum = meeting_quorum(open_meeting)
    assert quorum.present == 0  # a guest counts for nothing
    assert "(no seat)" in JournalEntry.objects.get(action="attendance.check_in").summary


def test_a_member_not_in_good_standing_is_not_checked_in(org, open_meeting, clock):
    with pytest.raises(ValidationError, match="good standing"):
        check_in(org, open_meeting, "applicant", actor=org.admin)


def test_check_out_and_back_in(org, open_meeting, clock):
    check_in(org, open_meeting, "council-2")
    clock.advance(minutes=30)
    row = services.attendance_check_out(
        actor=org.user("council-2"), meeting=open_meeting, member=org.members["council-2"]
    )
    assert row.checked_out_at == clock.now
    assert org.members["council-2"].pk not in present_voters(open_meeting)
    with pytest.raises(ValidationError, match="not checked in"):
        services.attendance_check_out(
            actor=org.admin, meeting=open_meeting, member=org.members["council-2"]
        )
    clock.advance(minutes=10)
    again = check_in(org, open_meeting, "council-2")
    assert again.pk == row.pk and again.checked_in_at == clock.now and again.checked_out_at is None


def test_only_the_chair_checks_someone_else_out(org, open_meeting, clock):
    check_in(org, open_meeting, "council-3")
    with pytest.raises(PermissionDenied):
        services.attendance_check_out(
            actor=org.user("council-2"), meeting=open_meeting, member=org.members["council-3"]
        )
    services.attendance_check_out(
        actor=org.user("council-1"), meeting=open_meeting, member=org.members["council-3"]
    )


def test_nobody_checks_in_or_out_of_a_closed_meeting(org, open_meeting, clock):
    check_in(org, open_meeting, "council-2")
    meeting = services.meeting_close(actor=org.admin, meeting=open_meeting)
    with pytest.raises(ValidationError, match="closed"):
        check_in(org, meeting, "council-3", actor=org.admin)
    with pytest.raises(ValidationError, match="closed"):
        services.attendance_check_out(
            actor=org.admin, meeting=meeting, member=org.members["council-2"]
        )


def test_the_quorum_follows_who_is_present(org, open_meeting, clock):
    assert not meeting_quorum(open_meeting).has_quorum
    for key in ("council-0", "council-1", "council-2"):
        check_in(org, open_meeting, key)
    quorum = meeting_quorum(open_meeting)
    assert (quorum.present, quorum.required, quorum.has_quorum) == (3, 3, True)


def test_attendance_changes_are_published_with_the_quorum_panel(
    org, open_meeting, clock, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "minutebook.live.publish.publish",
        lambda meeting_id, topic, **kw: sent.append((meeting_id, topic, kw)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        check_in(org, open_meeting, "council-2")
    meeting_id, topic, event = sent[-1]
    assert (meeting_id, topic) == (open_meeting.pk, "attendance")
    assert event["data"]["quorum"]["present"] == 1
    assert event["data"]["quorum"]["has_quorum"] is False
    assert "1</span> present or represented" in event["fragments"]["quorum"]
    assert "Council Member 2" in event["fragments"]["attendance"]


def test_the_small_charter_allows_no_proxies(org, open_meeting, clock):
    with pytest.raises(ValidationError, match="does not allow proxies"):
        check_in(org, open_meeting, "council-2", actor=org.admin, proxy_for="council-3")


# Proxies, under a charter that allows them on the Council.


@pytest.fixture
def proxy_org(db, small_charter_text):
    marker = '    quorum: "1/2"\n'
    assert small_charter_text.count(marker) == 1
    return build_small_union(small_charter_text.replace(marker, marker + "    proxies: true\n"))


@pytest.fixture
def proxy_meeting(proxy_org, clock):
    from tests.meetings.conftest import convene

    meeting = convene(proxy_org, actor=proxy_org.admin)
    clock.set(meeting.starts_at)
    return services.meeting_open(
        actor=proxy_org.admin, meeting=meeting, chair=proxy_org.members["council-0"]
    )


def test_a_proxy_carries_an_absent_seat_holders_vote(proxy_org, proxy_meeting, clock):
    org, meeting = proxy_org, proxy_meeting
    row = check_in(org, meeting, "council-2", actor=org.admin, proxy_for="council-3")
    assert row.proxy_for == org.members["council-3"]
    assert present_voters(meeting) == {org.members["council-2"].pk, org.members["council-3"].pk}
    assert meeting_quorum(meeting).present == 2
    # A member without a seat may carry a proxy: the vote is the absent seat holder's.
    check_in(org, meeting, "east-member", actor=org.admin, proxy_for="council-4")
    assert meeting_quorum(meeting).present == 3
    # When the proxy leaves, the vote leaves with them.
    services.attendance_check_out(actor=org.admin, meeting=meeting, member=row.member)
    assert meeting_quorum(meeting).present == 1


def test_a_proxy_counts_only_while_the_charter_allows_proxies(
    proxy_org, proxy_meeting, clock, small_charter_text
):
    """The charter is amended during the meeting and no longer allows proxies on the Council:
    the proxy already recorded stays on the record but carries no vote, makes no quorum, and
    the member it was for is listed as absent."""
    org, meeting = proxy_org, proxy_meeting
    check_in(org, meeting, "council-0")
    check_in(org, meeting, "council-2", actor=org.admin, proxy_for="council-3")
    assert meeting_quorum(meeting).present == 3
    record(
        org.bodies["assembly"],
        "charter.amend",
        yes=5,
        no=1,
        notice_given=True,
        new_charter_text=small_charter_text,  # the Council without `proxies: true`
    )
    assert present_voters(meeting) == {org.members["council-0"].pk, org.members["council-2"].pk}
    assert meeting_quorum(meeting).present == 2
    attendance = meeting_attendance(meeting)
    assert attendance.represented == []
    assert org.members["council-3"] in attendance.absent
    assert Attendance.objects.get(meeting=meeting, member=org.members["council-2"]).proxy_for


def test_the_chair_records_proxies(proxy_org, proxy_meeting, clock):
    with pytest.raises(PermissionDenied, match="chair records proxies"):
        check_in(proxy_org, proxy_meeting, "council-2", proxy_for="council-3")


@pytest.mark.parametrize(
    ("represented", "message"),
    [
        ("council-2", "own proxy"),
        ("east-member", "holds no seat"),
        ("council-0", "is present"),
    ],
)
def test_a_proxy_is_for_an_absent_seat_holder(
    proxy_org, proxy_meeting, clock, represented, message
):
    check_in(proxy_org, proxy_meeting, "council-0")
    with pytest.raises(ValidationError, match=message):
        check_in(
            proxy_org, proxy_meeting, "council-2", actor=proxy_org.admin, proxy_for=represented
        )


def test_one_proxy_per_absent_seat_holder(proxy_org, proxy_meeting, clock):
    org, meeting = proxy_org, proxy_meeting
    check_in(org, meeting, "council-2", actor=org.admin, proxy_for="council-4")
    with pytest.raises(ValidationError, match="already gave their proxy"):
        check_in(org, meeting, "council-3", actor=org.admin, proxy_for="council-4")
    # The database says so too, whatever the code above it does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            meeting=meeting,
            member=org.members["council-1"],
            checked_in_at=clock.now,
            proxy_for=org.members["council-4"],
        )


def test_the_represented_cannot_check_in_beside_their_proxy(proxy_org, proxy_meeting, clock):
    org, meeting = proxy_org, proxy_meeting
    check_in(org, meeting, "council-2", actor=org.admin, proxy_for="council-4")
    with pytest.raises(ValidationError, match="represented by Council Member 2's proxy"):
        check_in(org, meeting, "council-4")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_chairs_recording_a_proxy_for_the_same_person_at_once(small_charter_text):
    """Both requests check that the absent member has no proxy yet; the meeting's lock and
    the database's constraint let only one of them record it."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    from tests.meetings.conftest import convene

    marker = '    quorum: "1/2"\n'
    org = build_small_union(small_charter_text.replace(marker, marker + "    proxies: true\n"))
    meeting = convene(org, actor=org.admin, days=1)
    meeting = services.meeting_open(
        actor=org.admin, meeting=meeting, chair=org.members["council-0"]
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def record(key):
        from django.db import connections

        try:
            barrier.wait()
            check_in(org, meeting, key, actor=org.admin, proxy_for="council-4")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(key,)) for key in ("council-2", "council-3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Attendance.objects.filter(meeting=meeting, proxy_for__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("state", "by_self", "by_chair"),
    [
        ("scheduled", "refused", "ok"),
        ("open", "ok", "ok"),
        ("closed", "refused", "refused"),
    ],
)
def test_who_checks_in_in_which_state(org, meeting, clock, state, by_self, by_chair):
    clock.set(meeting.starts_at)
    if state != "scheduled":
        meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    if state == "closed":
        meeting = services.meeting_close(actor=org.admin, meeting=meeting)

    def outcome(key, actor):
        try:
            check_in(org, meeting, key, actor=actor)
        except (ValidationError, PermissionDenied):
            return "refused"
        return "ok"

    assert outcome("council-2", org.user("council-2")) == by_self
    assert outcome("council-3", org.user("council-1")) == by_chair
