"""The forms added to `obligations:` for rules found in real constitutions: a member's request
answered in writing by an office of the body, calendar months (`per: month`,
`within_months`), and a meeting of another body that the duty's body convenes; and their
problems, each on its line."""

import datetime as dt

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import ObligationForm, ObligationSpec
from tests.charter.charters import MINIMAL, line_of, problems_of, the_problem

FORMS = """obligations:
  - id: board-answers
    body: board
    office: chair
    within_days: 60
    after: {request: {}}
    then: {answer: {}}
  - id: secretary-answers
    body: assembly
    within_months: 2
    after: {request: {}}
    then: {answer: {}}
  - id: board-meets-monthly
    body: board
    meets_at_least: {times: 1, per: month}
  - id: board-convenes-forum
    body: board
    meets_at_least: {times: 2, per: year, of: assembly}
  - id: board-convenes
    body: board
    within_days: 50
    after: {decision: member.expel}
    then: {meeting: {of: assembly}}
"""


def changed(old: str, new: str) -> str:
    assert old in FORMS
    return MINIMAL + FORMS.replace(old, new, 1)


def test_the_forms_are_read():
    charter = load_charter(MINIMAL + FORMS)

    assert charter.obligations == (
        ObligationSpec(
            id="board-answers",
            body="board",
            within_days=60,
            after_request=True,
            then_answer=True,
            office="chair",
        ),
        ObligationSpec(
            id="secretary-answers",
            body="assembly",
            within_months=2,
            after_request=True,
            then_answer=True,
            office="secretary",  # the secretary unless another office is named
        ),
        ObligationSpec(id="board-meets-monthly", body="board", times=1, per_calendar_month=True),
        ObligationSpec(id="board-convenes-forum", body="board", times=2, meetings_of="assembly"),
        ObligationSpec(
            id="board-convenes",
            body="board",
            within_days=50,
            after_decision="member.expel",
            meetings_of="assembly",
        ),
    )
    assert {spec.form for spec in charter.obligations[:2]} == {ObligationForm.WITHIN_DAYS}


@pytest.mark.parametrize(
    ("months", "arose", "due"),
    [
        (2, dt.date(2026, 3, 2), dt.date(2026, 5, 2)),
        (2, dt.date(2025, 12, 31), dt.date(2026, 2, 28)),  # February has no 31st
        (1, dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # 2028 is a leap year
        (12, dt.date(2026, 6, 15), dt.date(2027, 6, 15)),
    ],
)
def test_calendar_months_end_on_the_same_day_or_the_month_s_last(months, arose, due):
    spec = ObligationSpec(id="x", body="b", within_months=months, after_request=True)

    assert spec.due_after(arose) == due


def test_days_are_counted_from_the_day_after():
    spec = ObligationSpec(id="x", body="b", within_days=60, after_request=True)

    assert spec.due_after(dt.date(2026, 3, 2)) == dt.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("old", "new", "fragment", "path", "message"),
    [
        (
            "then: {answer: {}}\n  - id: secretary-answers",
            "then: {meeting: {}}\n  - id: secretary-answers",
            "then: {meeting: {}}",
            "obligations[0].then",
            "a member's request is owed a written answer: 'after: {request: {}}' goes with "
            "'then: {answer: {}}', and only with it",
        ),
        (
            "office: chair",
            "office: secretary",
            "office: secretary",
            "obligations[0].office",
            "the body 'board' has no office 'secretary' (its offices: chair, treasurer)",
        ),
        (
            "body: board\n    within_days: 50",
            "body: board\n    office: treasurer\n    within_days: 50",
            "office: treasurer",
            "obligations[4].office",
            "'office' names who answers a request: it goes with 'then: {answer: {}}'",
        ),
        (
            "after: {request: {}}\n    then: {answer: {}}\n  - id: board-meets",
            "after: {request: {}, by: board}\n    then: {answer: {}}\n  - id: board-meets",
            "after: {request: {}, by: board}",
            "obligations[1].after.by",
            "'by' does not go with 'request' (a member's request)",
        ),
        (
            "then: {answer: {}}\n  - id: secretary-answers",
            "then: {answer: {by: chair}}\n  - id: secretary-answers",
            "then: {answer: {by: chair}}",
            "obligations[0].then.answer",
            "'answer' takes no settings here: write 'answer: {}'",
        ),
        (
            "{of: assembly}",
            "{of: asembly}",
            "{of: asembly}",
            "obligations[4].then.meeting.of",
            "unknown body 'asembly'; did you mean 'assembly'?",
        ),
        (
            "{times: 2, per: year, of: assembly}",
            "{times: 2, per: year, of: nobody}",
            "of: nobody",
            "obligations[3].meets_at_least.of",
            "unknown body 'nobody'",
        ),
        (
            "office: chair\n    within_days: 60\n    after: {request: {}}\n    then: {answer: {}}",
            "within_days: 60\n    after: {request: {}}\n    then: {answer:  {}}",
            "then: {answer:  {}}",
            "obligations[0].then.answer",
            "the body 'board' has no office 'secretary', which answers unless another is "
            "named (its offices: chair, treasurer): name it with 'office: <office>'",
        ),
        (
            "within_months: 2",
            "within_months: 0",
            "within_months: 0",
            "obligations[1].within_months",
            "a number of calendar months must be at least 1, got 0",
        ),
        (
            "within_months: 2",
            "within_months: 2\n    within_days: 60",
            "id: secretary-answers",
            "obligations[1]",
            "an obligation has exactly one of meets_at_least, meeting_lasts_at_most_days, "
            "within_days, within_months; found within_days and within_months",
        ),
    ],
)
def test_a_problem_is_reported_on_its_line(old, new, fragment, path, message):
    text = changed(old, new)

    problem = the_problem(text)

    assert (problem.line, problem.path, problem.message) == (
        line_of(text, fragment),
        path,
        message,
    )


def test_several_problems_are_all_reported():
    text = changed("office: chair", "office: secretary").replace("{of: assembly}", "{of: nobody}")

    assert len(problems_of(text)) == 2
