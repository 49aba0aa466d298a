"""The `questions:` of a body's `ballots:`: rules per kind of question or decision type over
the body's, read in order (the kind's entry, then the decision type's), every problem
reported where it is written."""

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import CharterInvalid
from tests.charter.test_ballots import with_council_ballots

BASE = "allowed: true, notice_days: 2, open_days: 3, secret: false, called_by: [council]"


def council(questions: str):
    return load_charter(with_council_ballots(f"{{{BASE}, questions: {questions}}}"))


def problems(questions: str, base: str = BASE) -> list[str]:
    with pytest.raises(CharterInvalid) as invalid:
        load_charter(with_council_ballots(f"{{{base}, questions: {questions}}}"))
    return [f"{p.path}: {p.message}" for p in invalid.value.problems]


def test_an_entry_overrides_only_what_it_gives_and_the_decision_type_comes_last():
    charter = council(
        "[{decision_type: rules.standing, open_days: 7, secret: true},"
        " {kind: motion, notice_days: 5, min_open_days: 2, max_open_days: 4}]"
    )
    rules = charter.body("council").ballots
    standing = rules.for_question("motion", "rules.standing")
    # notice from the kind's entry (5), period and secrecy from the type's, callers the body's
    assert (standing.notice_days, standing.min_open_days, standing.max_open_days) == (5, 7, 7)
    assert standing.secret is True and standing.called_by == ("council",)
    resolution = rules.for_question("motion", "resolution")
    assert (resolution.notice_days, resolution.min_open_days, resolution.max_open_days) == (
        5,
        2,
        4,
    )
    assert resolution.secret is False
    assert rules.for_question("election") == rules.for_question("election", "")
    assert rules.for_question("election").notice_days == 2  # no entry: the body's


def test_only_by_ballot_is_read_per_entry():
    rules = (
        council("[{decision_type: rules.standing, only_by_ballot: true}]").body("council").ballots
    )
    assert rules.only_by_ballot("motion", "rules.standing").decision_type == "rules.standing"
    assert rules.only_by_ballot("motion", "resolution") is None


def test_an_entry_names_one_kind_or_one_decision_type():
    assert problems("[{open_days: 4}]") == [
        "bodies[1].ballots.questions[0]: say which questions these rules are for: 'kind' "
        "(motion or election) or 'decision_type'"
    ]
    both = problems("[{kind: motion, decision_type: resolution}]")
    assert both == [
        "bodies[1].ballots.questions[0].decision_type: an entry is for a 'kind' of question or "
        "for a 'decision_type', not both: write two entries"
    ]
    assert any(
        "unknown kind of question 'referendum'; it is one of motion, election" in p
        for p in problems("[{kind: referendum}]")
    )


def test_references_and_contradictions_are_reported():
    found = problems(
        "[{decision_type: resolutoin}, {decision_type: strike.call},"
        " {kind: election}, {kind: motion, open_days: 3, max_open_days: 4},"
        " {kind: motion}, {decision_type: resolution, called_by: [councl]}]"
    )
    assert (
        "bodies[1].ballots.questions[0].decision_type: unknown decision type 'resolutoin'; "
        "did you mean 'resolution'?"
    ) in found
    assert (
        "bodies[1].ballots.questions[1].decision_type: 'council' neither takes 'strike.call' "
        "decisions nor a step of their procedure: no ballot of it is on that question"
    ) in found
    assert (
        "bodies[1].ballots.questions[2].kind: 'council' holds no elections by ballot: only a "
        "body whose seats are all the members of a unit elects by ballot"
    ) in found
    assert any(
        p.startswith("bodies[1].ballots.questions[3].open_days: 'open_days' fixes") for p in found
    )
    assert any(
        p.startswith("bodies[1].ballots.questions[4].kind: a second entry for 'motion'")
        for p in found
    )
    assert (
        "bodies[1].ballots.questions[5].called_by[0]: unknown body 'councl'; did you mean "
        "'council'?"
    ) in found
    assert len(found) == 6


def test_a_step_of_a_procedure_is_a_question_of_the_body_that_takes_it():
    """The assembly ratifies bylaws.amend (the council adopts it): an entry of the assembly's
    for it is sound, though the assembly does not adopt such decisions."""
    text = with_council_ballots(BASE.join("{}")).replace(
        "    articles: [art-1]\n",
        "    articles: [art-1]\n    ballots: {allowed: true, notice_days: 7, open_days: 7, "
        "called_by: [council], questions: [{decision_type: bylaws.amend, open_days: 14}]}\n",
        1,
    )
    rules = load_charter(text).body("assembly").ballots
    assert rules.for_question("motion", "bylaws.amend").min_open_days == 14


def test_questions_of_a_body_without_ballots_are_reported():
    found = problems("[{kind: motion}]", base="allowed: false")
    assert found == [
        "bodies[1].ballots.questions: 'questions' gives rules to ballots the body does not "
        "hold: it has 'allowed: false'"
    ]
