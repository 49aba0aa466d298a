"""The minutes' section on the debate, drafted from the record."""

from django.utils import timezone

from minutebook.floor.minutes import md, speakers_minutes
from minutebook.meetings.minutes_sections import minutes_sections


def hhmm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def test_the_speakers_section(council_debate):
    first, second = council_debate.closures
    change = council_debate.limit_change

    (section,) = speakers_minutes(council_debate.meeting, frozenset())

    assert section.title == "Speakers"
    assert section.markdown == (
        "Speaking limit: 3:00 for every speaker, as the charter sets for the Council.\n"
        f"At {hhmm(change.changed_at)} Council Member 0 changed the limit from 3:00 to 1:30: "
        "Running late.\n"
        "\n"
        "### 1. Budget\n"
        "\n"
        "Speakers, in order:\n"
        "\n"
        "1. **Council Member 3**: 1:40\n"
        "2. **Council Member 2** — point of order: 0:20\n"
        "3. **Council Member 1**: 2:50; 0:30 more, granted by Council Member 0 "
        "(Budget figures)\n"
        "\n"
        "Taken off the list by the chair: Council Member 4.\n"
        f"Debate closed at {hhmm(first.closed_at)} by Council Member 0.\n"
        "\n"
        "### 2. Campaign\n"
        "\n"
        "Speakers, in order:\n"
        "\n"
        "1. **Council Member 3**: 1:00\n"
        "\n"
        "Withdrew their request: Council Member 2.\n"
        f"Debate closed at {hhmm(second.closed_at)} by Council Member 0. "
        "Still waiting, not called: Council Member 4.\n"
    )


def test_the_section_is_registered_with_the_minutes(council_debate):
    titles = [section.title for section in minutes_sections(council_debate.meeting)]

    assert "Speakers" in titles


def test_no_section_when_nobody_asked(meeting):
    assert speakers_minutes(meeting, frozenset()) == []


def test_a_speaker_still_speaking_and_those_still_waiting(org, meeting, chair):
    from minutebook.floor.services import floor_call_next, floor_request

    for key in ("east-delegate-1", "east-delegate-2"):
        floor_request(actor=org.user(key), meeting=meeting, kind="speech")
    floor_call_next(actor=chair, meeting=meeting)

    (section,) = speakers_minutes(meeting, frozenset())

    assert "1. **East Local Delegate 1**: still speaking" in section.markdown
    assert "Still on the list: East Local Delegate 2." in section.markdown
    assert "### The debate" in section.markdown


def test_names_cannot_format_the_minutes():
    assert md("A*B_[c]") == r"A\*B\_\[c\]"
