"""The charter's `obligations:` section: the three forms read into `ObligationSpec`s, and every
problem of shape or reference reported on its line."""

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import ObligationForm, ObligationSpec
from tests.charter.charters import MINIMAL, line_of, problems_of, the_problem

OBLIGATIONS = """obligations:
  - id: assembly-meets
    body: assembly
    name: The assembly meets at least twice a year
    meets_at_least: {times: 2, per: year}
    articles: [art-1]
  - id: committee-meets
    body: district-committee
    meets_at_least: {times: 1, per_months: 3}
  - id: assembly-length
    body: assembly
    meeting_lasts_at_most_days: 10
  - id: expulsion-heard
    body: board
    within_days: 60
    after: {decision: member.expel}
    then: {decision: decision.rescind}
  - id: special-assembly
    body: assembly
    within_days: 50
    after: {decision: member.expel, by: district-committee}
    then: {meeting: {}}
"""


OBLIGATIONS_LINE = MINIMAL.count("\n") + 1  # the line of `obligations:`


def with_obligations(text: str = OBLIGATIONS) -> str:
    return MINIMAL + text


def test_the_three_forms_are_read():
    charter = load_charter(with_obligations())

    assert charter.obligations == (
        ObligationSpec(
            id="assembly-meets",
            body="assembly",
            name="The assembly meets at least twice a year",
            times=2,
            articles=("art-1",),
        ),
        ObligationSpec(id="committee-meets", body="district-committee", times=1, per_months=3),
        ObligationSpec(id="assembly-length", body="assembly", lasts_at_most_days=10),
        ObligationSpec(
            id="expulsion-heard",
            body="board",
            within_days=60,
            after_decision="member.expel",
            then_decision="decision.rescind",
        ),
        ObligationSpec(
            id="special-assembly",
            body="assembly",
            within_days=50,
            after_decision="member.expel",
            after_by="district-committee",
        ),
    )
    assert [o.form for o in charter.obligations] == [
        ObligationForm.MEETS_AT_LEAST,
        ObligationForm.MEETS_AT_LEAST,
        ObligationForm.MEETING_LASTS_AT_MOST,
        ObligationForm.WITHIN_DAYS,
        ObligationForm.WITHIN_DAYS,
    ]


def test_a_charter_without_obligations_has_none():
    assert load_charter(MINIMAL).obligations == ()


def changed(old: str, new: str) -> str:
    assert OBLIGATIONS.count(old) == 1, old
    return with_obligations(OBLIGATIONS.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "fragment", "path", "message"),
    [
        (
            "    body: district-committee\n",
            "    body: district-comittee\n",
            "district-comittee",
            "obligations[1].body",
            "unknown body 'district-comittee'; did you mean 'district-committee'?",
        ),
        (
            "after: {decision: member.expel}",
            "after: {decision: member.expell}",
            "member.expell",
            "obligations[3].after.decision",
            "unknown decision type 'member.expell'; did you mean 'member.expel'?",
        ),
        (
            "then: {decision: decision.rescind}",
            "then: {decision: member.expel}",
            "then: {decision: member.expel}",
            "obligations[3].then.decision",
            "the body 'board' may not take decisions of type 'member.expel'",
        ),
        (
            "by: district-committee}",
            "by: board}",
            "by: board}",
            "obligations[4].after.decision",
            "the body 'board' may not take decisions of type 'member.expel'",
        ),
        (
            "articles: [art-1]\n  - id: committee",
            "articles: [art-9]\n  - id: committee",
            "art-9",
            "obligations[0].articles[0]",
            "unknown article 'art-9'",
        ),
        (
            "{times: 2, per: year}",
            "{times: 2, per: decade}",
            "decade",
            "obligations[0].meets_at_least.per",
            "unknown period 'decade'; it is one of year, month",
        ),
        (
            "{times: 2, per: year}",
            "{times: 0, per: year}",
            "times: 0",
            "obligations[0].meets_at_least.times",
            "a number of meetings must be at least 1, got 0",
        ),
        (
            "{times: 1, per_months: 3}",
            "{times: 1}",
            "{times: 1}",
            "obligations[1].meets_at_least",
            "say how often: 'per: year' (each calendar year), 'per: month' (each calendar "
            "month) or 'per_months: M' (each period of M months)",
        ),
        (
            "meeting_lasts_at_most_days: 10",
            "meeting_lasts_at_most_days: 0",
            "meeting_lasts_at_most_days",
            "obligations[2].meeting_lasts_at_most_days",
            "a number of days must be at least 1, got 0",
        ),
        (
            "then: {meeting: {}}",
            "then: {meeting: {}, decision: member.expel}",
            "then: {meeting",
            "obligations[4].then",
            "expected exactly one of meeting, decision, answer in what the body must do "
            "({meeting: {}}, {meeting: {of: <body>}}, {decision: <decision type>} or "
            "{answer: {}})",
        ),
        (
            "    then: {meeting: {}}\n",
            "",
            "id: special-assembly",
            "obligations[4]",
            "missing required key 'then' (a duty within a time)",
        ),
        (
            "    meeting_lasts_at_most_days: 10\n",
            "    meeting_lasts_at_most_days: 10\n    meets_at_least: {times: 1, per: year}\n",
            "id: assembly-length",
            "obligations[2]",
            "an obligation has exactly one of meets_at_least, meeting_lasts_at_most_days, "
            "within_days, within_months; found meets_at_least and meeting_lasts_at_most_days",
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


def test_after_without_within_days_is_reported():
    text = changed(
        "    meeting_lasts_at_most_days: 10\n",
        "    meeting_lasts_at_most_days: 10\n    after: {decision: member.expel}\n",
    )

    assert [p.message for p in problems_of(text)] == [
        "'after' goes with 'within_days' or 'within_months' (a duty within a time)"
    ]


def test_a_duplicate_obligation_id_names_the_first():
    text = changed("  - id: assembly-length\n", "  - id: assembly-meets\n")

    problem = the_problem(text)

    assert problem.path == "obligations[2].id"
    assert problem.message == (
        f"duplicate obligation id 'assembly-meets' (first at line {OBLIGATIONS_LINE + 1})"
    )
