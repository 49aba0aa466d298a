"""An agenda item taken in closed session, as the charter's `closed_sessions:` allows: who may
take it there and on what ground, and what its papers, debate, motions and minutes show to
whom — the Council's seat holders and the charter's readers read all of it; a member who may
read the Council's records reads the item's title, ground and decisions, nothing else."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.floor import services as floor
from minutebook.floor.models import RequestKind
from minutebook.journal.models import JournalEntry
from minutebook.meetings import services
from minutebook.meetings.access import closed_items_hidden_from, document_for_viewer
from minutebook.meetings.minutes import minutes_markdown
from tests.api.conftest import Api
from tests.meetings.conftest import client_for
from tests.meetings.conftest import convene as convene_council

COUNCIL = "  - id: council\n    name: Council\n"
GROUNDS = "    closed_sessions: {grounds: [staff matters, legal advice]}\n"
ASSEMBLY_READS = (
    "    closed_sessions: {grounds: [staff matters, legal advice], readers: [assembly]}\n"
)


@pytest.fixture
def small_charter_text(small_charter_text) -> str:
    assert small_charter_text.count(COUNCIL) == 1
    return small_charter_text.replace(COUNCIL, COUNCIL + GROUNDS)


@pytest.fixture
def budget(meeting):
    return meeting.agenda_items.get(title="Budget")


def test_the_chair_takes_an_item_in_closed_session_on_a_ground_the_charter_lists(
    org, meeting, budget, personas
):
    item = services.agenda_item_close_session(
        actor=personas["chair"], item=budget, ground="staff matters"
    )

    assert (item.closed_session, item.closed_ground) == (True, "staff matters")
    entry = JournalEntry.objects.filter(action="agenda.close_session").get()
    assert entry.after["closed_ground"] == "staff matters"
    assert "taken in closed session: staff matters" in entry.summary


@pytest.mark.parametrize(
    ("ground", "refusal"),
    [
        ("the chair's mood", "only for: staff matters; legal advice"),
        ("   ", "say on what ground"),
        ("x" * 301, "at most 300 characters"),
    ],
)
def test_a_ground_the_charter_does_not_list_is_refused_with_the_grounds(
    meeting, budget, personas, ground, refusal
):
    with pytest.raises(ValidationError, match=refusal):
        services.agenda_item_close_session(actor=personas["chair"], item=budget, ground=ground)
    budget.refresh_from_db()
    assert not budget.closed_session


def test_a_body_whose_charter_has_no_closed_sessions_meets_in_open_session(org, clock):
    meeting = convene_council(
        org,
        actor=org.admin,
        body=org.bodies["assembly"],
        agenda=[services.AgendaEntry("Staff")],
        days=30,
    )

    with pytest.raises(ValidationError, match="no 'closed_sessions' on the body"):
        services.agenda_item_close_session(
            actor=org.admin, item=meeting.agenda_items.get(), ground="staff matters"
        )


def test_only_who_may_change_the_agenda_takes_an_item_in_closed_session(meeting, budget, personas):
    for who in ("seat_holder", "member"):
        with pytest.raises(PermissionDenied):
            services.agenda_item_close_session(
                actor=personas[who], item=budget, ground="staff matters"
            )


def test_a_closed_session_is_not_closed_twice_nor_after_the_meeting(
    org, meeting, budget, personas, clock
):
    services.agenda_item_close_session(actor=personas["chair"], item=budget, ground="legal advice")
    with pytest.raises(ValidationError, match="already taken in closed session"):
        services.agenda_item_close_session(
            actor=personas["chair"], item=budget, ground="staff matters"
        )
    reports = meeting.agenda_items.get(title="Reports")
    clock.set(meeting.starts_at)
    services.meeting_open(actor=personas["secretary"], meeting=meeting)
    services.meeting_close(actor=personas["secretary"], meeting=meeting)
    with pytest.raises(ValidationError, match="closed"):
        services.agenda_item_close_session(
            actor=personas["chair"], item=reports, ground="staff matters"
        )


@pytest.fixture
def debated(org, meeting, budget, personas, clock):
    """The Budget item taken in closed session, with a paper, and a debate in which council-2
    spoke; the Reports item open, with its own paper."""
    services.agenda_item_edit(
        actor=personas["chair"],
        item=budget,
        title="Budget",
        description="The treasurer's salary",
        minutes_allocated=30,
    )
    services.agenda_item_close_session(actor=personas["chair"], item=budget, ground="staff matters")
    secretary = org.members["council-0"]
    for title, item in (("Salary scales", budget), ("Annual report", meeting.agenda_items.first())):
        services.document_circulate(
            actor=personas["secretary"],
            meeting=meeting,
            title=title,
            text="…",
            authors=[secretary],
            agenda_item=item,
        )
    clock.set(meeting.starts_at)
    for key in ("council-0", "council-1", "council-2"):
        services.attendance_check_in(actor=org.admin, meeting=meeting, member=org.members[key])
    meeting = services.meeting_open(actor=personas["secretary"], meeting=meeting)
    floor.floor_open(actor=personas["chair"], meeting=meeting)
    floor.floor_set_item(actor=personas["chair"], meeting=meeting, agenda_item=budget)
    floor.floor_request(actor=personas["seat_holder"], meeting=meeting, kind=RequestKind.SPEECH)
    floor.floor_call_next(actor=personas["chair"], meeting=meeting)
    return meeting


def test_who_reads_the_closed_session(debated, budget, personas, org):
    assert closed_items_hidden_from(personas["member"], debated) == {budget.pk}
    assert closed_items_hidden_from(personas["seat_holder"], debated) == frozenset()
    assert closed_items_hidden_from(personas["chair"], debated) == frozenset()
    # The charter, not the running of the server, says who reads it.
    assert closed_items_hidden_from(org.admin, debated) == {budget.pk}


def test_the_papers_of_a_closed_session_do_not_exist_for_others(debated, personas):
    salary = debated.documents.get(title="Salary scales")

    assert document_for_viewer(personas["seat_holder"], debated.pk, salary.pk) == salary
    with pytest.raises(Exception) as hidden:
        document_for_viewer(personas["member"], debated.pk, salary.pk)
    assert type(hidden.value).__name__ == "Http404"

    page = client_for(personas["member"]).get(f"/meetings/{debated.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Annual report" in text and "Salary scales" not in text
    assert "Closed session" in text and "staff matters" in text
    assert "treasurer's salary" not in text
    inside = client_for(personas["seat_holder"]).get(f"/meetings/{debated.pk}/").content.decode()
    assert "Salary scales" in inside and "treasurer&#x27;s salary" in inside
    assert (
        client_for(personas["member"])
        .get(f"/meetings/{debated.pk}/documents/{salary.pk}/")
        .status_code
        == 404
    )


def test_the_minutes_keep_the_debate_from_others_and_the_decisions_for_all(debated, personas):
    outside = minutes_markdown(
        debated, hidden=closed_items_hidden_from(personas["member"], debated)
    )
    inside = minutes_markdown(debated)

    assert "Taken in closed session: staff matters." in outside
    assert "treasurer's salary" not in outside and "treasurer's salary" in inside
    assert "Salary scales" not in outside and "Salary scales" in inside
    assert "1 paper for items taken in closed session" in outside
    assert "Debated in closed session" in outside
    assert "Council Member 2" not in outside.split("## Speakers")[1]
    assert "Council Member 2" in inside.split("## Speakers")[1]
    page = client_for(personas["member"]).get(f"/meetings/{debated.pk}/minutes/")
    assert "Salary scales" not in page.content.decode()


def test_the_floor_says_only_that_the_session_is_closed(debated, personas):
    outside = client_for(personas["member"]).get(f"/meetings/{debated.pk}/floor/")
    inside = client_for(personas["chair"]).get(f"/meetings/{debated.pk}/floor/")

    assert "Closed session." in outside.content.decode()
    assert "Council Member 2" not in outside.content.decode().split('id="current-speaker"')[1][:600]
    assert "Closed session." not in inside.content.decode()


def test_the_api_answers_alike(debated, budget, personas):
    member, seat_holder = Api(personas["member"]), Api(personas["seat_holder"])

    agenda = {item["id"]: item for item in member.get(f"/meetings/{debated.pk}/agenda").json()}
    assert agenda[budget.pk]["closed_session"] is True
    assert agenda[budget.pk]["closed_ground"] == "staff matters"
    assert agenda[budget.pk]["description"] == ""
    titles = [d["title"] for d in member.get(f"/meetings/{debated.pk}/documents").json()]
    assert titles == ["Annual report"]
    inside = [d["title"] for d in seat_holder.get(f"/meetings/{debated.pk}/documents").json()]
    assert sorted(inside) == ["Annual report", "Salary scales"]
    floor_state = member.get(f"/meetings/{debated.pk}/speakers").json()
    assert floor_state["closed_session"] is True and floor_state["current"] is None
    assert seat_holder.get(f"/meetings/{debated.pk}/speakers").json()["current"] is not None
    minutes = member.get(f"/meetings/{debated.pk}/minutes").json()["markdown"]
    assert "Salary scales" not in minutes


def test_the_api_takes_an_item_in_closed_session(meeting, budget, personas):
    answer = Api(personas["chair"]).post(
        f"/meetings/{meeting.pk}/agenda/{budget.pk}/closed-session",
        {"ground": "the weather"},
    )
    assert answer.status_code == 422
    assert "staff matters; legal advice" in answer.content.decode()

    answer = Api(personas["chair"]).post(
        f"/meetings/{meeting.pk}/agenda/{budget.pk}/closed-session",
        {"ground": "legal advice"},
    )
    assert answer.status_code == 200
    assert answer.json()["closed_session"] is True


class TestReadersNamedByTheCharter:
    @pytest.fixture
    def small_charter_text(self, small_charter_text) -> str:
        return small_charter_text.replace(GROUNDS, ASSEMBLY_READS)

    def test_a_seat_holder_of_a_reader_body_reads_the_closed_session(self, debated, budget, org):
        delegate = org.user("east-delegate-1")
        assert closed_items_hidden_from(delegate, debated) == frozenset()
        assert closed_items_hidden_from(org.user("east-member"), debated) == {budget.pk}


def test_a_motion_debated_in_closed_session_is_read_by_the_council_only(
    org, meeting, budget, personas
):
    from minutebook.motions.access import motion_for_viewer, motions_visible_to
    from minutebook.motions.services import motion_submit

    services.agenda_item_close_session(actor=personas["chair"], item=budget, ground="staff matters")
    motion = motion_submit(
        actor=personas["seat_holder"],
        body=org.bodies["council"],
        decision_type="resolution",
        title="Raise the treasurer's salary",
        text="By five per cent.",
        authors=[org.members["council-2"]],
        meeting=meeting,
        agenda_item=budget,
    )

    assert motion_for_viewer(personas["chair"], motion.pk) == motion
    assert not motions_visible_to(personas["member"]).filter(pk=motion.pk).exists()
    assert client_for(personas["member"]).get(f"/motions/{motion.pk}/").status_code == 404
    listing = Api(personas["member"]).get(f"/meetings/{meeting.pk}/motions").json()
    assert listing == []
    assert len(Api(personas["seat_holder"]).get(f"/meetings/{meeting.pk}/motions").json()) == 1


def test_the_bodys_page_says_when_it_may_meet_in_closed_session(org, personas):
    page = client_for(personas["member"]).get("/bodies/council/").content.decode()

    assert "Closed sessions" in page
    assert "in closed session for staff matters, legal advice" in page
    assert (
        "Closed sessions"
        not in client_for(personas["member"]).get("/bodies/assembly/").content.decode()
    )
