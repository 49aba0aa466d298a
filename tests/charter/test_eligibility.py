"""The charter's `eligibility:` section: good standing, what it takes to vote and to stand, and
the rules of one body, read into `EligibilityRules`; every problem reported on its line."""

from minutebook.charter.eligibility import (
    BodyRule,
    EligibilityRules,
    GoodStanding,
    Requirement,
    RuleKind,
)
from minutebook.charter.loader import load_charter
from tests.charter.charters import MINIMAL, line_of, problems_of, the_problem

ELIGIBILITY = """eligibility:
  good_standing: {dues_arrears_months_at_most: 3, articles: [art-2]}
  vote: {months_in_good_standing: 3, minimum_age: 16}
  stand:
    months_in_good_standing: 12
    minimum_age: 18
    articles: [art-1]
  rules:
    - {id: board-not-committee, body: board, incompatible_with: [district-committee], articles: [art-2]}
    - {id: board-terms, body: board, max_consecutive_terms: 2}
    - {id: board-total, body: board, max_total_terms: 4}
    - {id: board-per-branch, body: board, at_most_per_unit: {count: 3, kind: branch}}
    - {id: board-seniority, body: board, months_in_good_standing: 24, name: Two years a member}
    - {id: board-age, body: board, minimum_age: 21}
"""


def with_rules(text: str = ELIGIBILITY) -> str:
    return MINIMAL + text


def test_every_form_is_read():
    rules = load_charter(with_rules()).eligibility

    assert rules.good_standing == GoodStanding(dues_arrears_months_at_most=3, articles=("art-2",))
    assert rules.vote == Requirement(months_in_good_standing=3, minimum_age=16)
    assert rules.stand == Requirement(
        months_in_good_standing=12, minimum_age=18, articles=("art-1",)
    )
    assert rules.rules == (
        BodyRule(
            id="board-not-committee",
            body="board",
            kind=RuleKind.INCOMPATIBLE,
            incompatible_with=("district-committee",),
            articles=("art-2",),
        ),
        BodyRule(id="board-terms", body="board", kind=RuleKind.MAX_CONSECUTIVE, number=2),
        BodyRule(id="board-total", body="board", kind=RuleKind.MAX_TOTAL, number=4),
        BodyRule(
            id="board-per-branch",
            body="board",
            kind=RuleKind.PER_UNIT,
            number=3,
            unit_kind="branch",
        ),
        BodyRule(
            id="board-seniority",
            body="board",
            kind=RuleKind.MONTHS,
            number=24,
            name="Two years a member",
        ),
        BodyRule(id="board-age", body="board", kind=RuleKind.AGE, number=21),
    )
    assert rules.checks_vote


def test_without_the_section_nothing_is_asked():
    rules = load_charter(MINIMAL).eligibility

    assert rules == EligibilityRules()
    assert not rules.checks_vote
    assert rules.rules_for("board") == ()


def test_an_incompatibility_binds_both_bodies():
    rules = load_charter(with_rules()).eligibility

    [incompatible] = [r for r in rules.rules_for("district-committee")]
    assert incompatible.id == "board-not-committee"
    assert len(rules.rules_for("board")) == 6
    assert rules.rules_for("assembly") == ()


def test_a_rule_has_exactly_one_form():
    text = with_rules(
        "eligibility:\n  rules:\n"
        "    - {id: two, body: board, max_total_terms: 2, minimum_age: 18}\n"
        "    - {id: none, body: board}\n"
    )
    problems = problems_of(text)

    assert [(p.line, p.message.split(";")[-1].strip()) for p in problems] == [
        (line_of(text, "id: two"), "found max_total_terms and minimum_age"),
        (
            line_of(text, "id: none"),
            "an eligibility rule has exactly one of incompatible_with, max_consecutive_terms, "
            "max_total_terms, at_most_per_unit, months_in_good_standing, minimum_age",
        ),
    ]


def test_references_are_checked_each_on_its_line():
    text = with_rules(
        "eligibility:\n"
        "  vote: {months_in_good_standing: 3, articles: [art-9]}\n"
        "  rules:\n"
        "    - {id: a, body: bord, max_total_terms: 2}\n"
        "    - {id: b, body: board, incompatible_with: [board]}\n"
        "    - {id: c, body: board, incompatible_with: [comittee]}\n"
        "    - {id: d, body: board, at_most_per_unit: {count: 3, kind: brunch}}\n"
        "    - {id: d, body: board, max_total_terms: 5}\n"
    )
    problems = problems_of(text)

    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "art-9"), "unknown article 'art-9'"),
        (line_of(text, "bord"), "unknown body 'bord'; did you mean 'board'?"),
        (line_of(text, "id: b,"), "the body 'board' cannot be incompatible with itself"),
        (line_of(text, "comittee"), "unknown body 'comittee'"),
        (line_of(text, "brunch"), "unknown unit kind 'brunch'; did you mean 'branch'?"),
        (
            line_of(text, "max_total_terms: 5"),
            f"duplicate rule id 'd' (first at line {line_of(text, 'brunch')})",
        ),
    ]


def test_term_limits_need_seats_that_are_chosen():
    text = with_rules(
        "eligibility:\n  rules:\n    - {id: t, body: branch-meeting, max_consecutive_terms: 1}\n"
    )
    problem = the_problem(text)

    assert problem.line == line_of(text, "id: t")
    assert problem.message == (
        "'max_consecutive_terms' binds elected or appointed seats, and the body "
        "'branch-meeting' has none"
    )


def test_fewer_terms_in_all_than_in_a_row_is_reported():
    text = with_rules(
        "eligibility:\n  rules:\n"
        "    - {id: row, body: board, max_consecutive_terms: 3}\n"
        "    - {id: all, body: board, max_total_terms: 2}\n"
    )
    problem = the_problem(text)

    assert problem.line == line_of(text, "id: all")
    assert "at most 2 term(s) in all on 'board' is fewer than the 3 consecutive" in problem.message


def test_numbers_are_checked():
    text = with_rules(
        "eligibility:\n"
        "  good_standing: {dues_arrears_months_at_most: -1}\n"
        "  vote: {minimum_age: 0}\n"
        "  rules:\n"
        "    - {id: z, body: board, max_total_terms: 0}\n"
    )
    problems = problems_of(text)

    assert [p.message for p in problems] == [
        "a number of months must be at least 0, got -1",
        "an age in years must be at least 1, got 0",
        "a number of terms must be at least 1, got 0",
    ]


def test_unknown_keys_are_named():
    text = with_rules("eligibility:\n  stand: {months: 12}\n")
    problem = the_problem(text)

    assert problem.line == line_of(text, "stand: {months")
    assert problem.message.startswith("unknown key 'months'")
