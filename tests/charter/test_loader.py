"""Loading a charter: the values it yields, and the problems in the YAML and in the shape of
each entry (keys, types, ranges). Problems between entries are in test_cross_checks.py."""

from fractions import Fraction

import pytest

from minutebook.charter.loader import load_charter, load_charter_file
from minutebook.charter.spec import (
    REQUIRED_DECISION_TYPES,
    CharterInvalid,
    Quorum,
    SeatMethod,
    SeatRule,
    Visibility,
)
from minutebook.voting.motions import Threshold
from tests.charter.charters import (
    DEMO_PATH,
    MINIMAL,
    line_of,
    problems_of,
    the_problem,
    variant,
)

# What a valid charter yields


def test_minimal_charter_loads():
    charter = load_charter(MINIMAL)

    assert charter.name == "Test Co-operative"
    assert charter.short_name == "TC"
    assert charter.preamble == ""
    assert [unit.id for unit in charter.units] == ["national", "north", "south", "harbour", "quay"]
    assert charter.unit("national").parent is None
    assert charter.unit("quay").parent == "south"
    assert charter.article("art-2").title == "Discipline"


def test_body_values_and_defaults():
    charter = load_charter(MINIMAL)
    assembly, board = charter.body("assembly"), charter.body("board")

    assert assembly.seats == (
        SeatRule(SeatMethod.ELECTED, count=3, by_members_of_each="branch", term_months=12),
    )
    assert assembly.quorum == Quorum(fraction=Fraction(1, 2), more_than=True)
    assert assembly.offices == ("chair", "secretary")
    assert assembly.proxies_allowed is False
    assert assembly.notice.emergency_allowed is False
    assert assembly.visibility is Visibility.MEMBERS
    assert assembly.articles == ("art-1",)

    assert board.seats[1] == SeatRule(SeatMethod.EX_OFFICIO, of_body="assembly", office="chair")
    assert board.offices == ("chair", "treasurer")
    assert board.quorum == Quorum(at_least=3)
    assert board.proxies_allowed is True
    assert board.notice.meeting_days == 7
    assert board.notice.documents_days == 3
    assert board.notice.emergency_allowed is True
    assert board.notice.emergency_meeting_days == 1
    assert board.notice.emergency_declared_by == ("board",)


def test_per_unit_kind_bodies_and_all_members_seats():
    charter = load_charter(MINIMAL)

    committee = charter.body("district-committee")
    assert committee.unit is None
    assert committee.per_unit_kind == "district"
    assert committee.quorum == Quorum(fraction=Fraction(1, 3))
    assert charter.body("branch-meeting").seats == (SeatRule(SeatMethod.ALL_MEMBERS),)


def test_decision_types_get_the_default_threshold_unless_an_entry_has_its_own():
    charter = load_charter(MINIMAL)

    rescind = charter.decision_type("decision.rescind")
    assert rescind.competence_of("assembly").threshold == "majority_cast"
    assert rescind.competence_of("board").threshold == "two_thirds_cast"
    assert rescind.competence_of("district-committee") is None

    expel = charter.decision_type("member.expel")
    assert expel.appeal_to == "board"
    assert expel.notice_required is False
    assert expel.description == "After a hearing on written charges."
    assert charter.decision_type("charter.amend").notice_required is True


def test_bodies_all_means_every_body():
    charter = load_charter(MINIMAL)

    minutes = charter.decision_type("minutes.approve")
    assert [c.body for c in minutes.competences] == [b.id for b in charter.bodies]
    assert {c.threshold for c in minutes.competences} == {"majority_cast"}


def test_null_optional_values_count_as_absent():
    text = variant(("    appeal_to: board\n", "    appeal_to: null\n"))

    assert load_charter(text).decision_type("member.expel").appeal_to is None


def test_yaml_merge_keys_are_read_and_may_be_overridden():
    text = variant(
        (
            "    notice:\n      meeting_days: 14\n      documents_days: 7\n",
            "    notice: &usual\n      meeting_days: 14\n      documents_days: 7\n",
        ),
        (
            "    quorum: 1/3\n    notice:\n      meeting_days: 7\n      documents_days: 3\n",
            "    quorum: 1/3\n    notice:\n      <<: *usual\n      documents_days: 5\n",
        ),
    )

    notice = load_charter(text).body("district-committee").notice
    assert (notice.meeting_days, notice.documents_days) == (14, 5)


def test_demo_charter_loads():
    charter = load_charter_file(DEMO_PATH)

    assert charter.short_name == "WCP"
    assert len(charter.units_of_kind("district")) == 3
    assert len(charter.units_of_kind("branch")) == 8
    assert len(charter.articles) >= 12
    assert {t.id for t in charter.decision_types} >= {
        *REQUIRED_DECISION_TYPES,
        "bylaws.amend",
        "program.amend",
        "body.establish",
        "member.admit",
        "member.suspend",
        "member.expel",
        "budget.spend",
        "resolution",
        "minutes.approve",
    }
    congress = charter.body("congress")
    assert congress.seats[0].by_members_of_each == "branch"
    assert congress.seats[1] == SeatRule(SeatMethod.EX_OFFICIO, of_body="central-committee")
    assert (congress.notice.meeting_days, congress.notice.documents_days) == (42, 28)
    assert charter.body("branch-assembly").seats == (SeatRule(SeatMethod.ALL_MEMBERS),)
    assert charter.body("standing-committee").visibility is Visibility.BODY
    expel = charter.decision_type("member.expel")
    assert expel.appeal_to == "control-commission"
    assert expel.notice_required
    every_body = {body.id for body in charter.bodies}
    for type_id in ("decision.rescind", "minutes.approve"):
        assert {c.body for c in charter.decision_type(type_id).competences} == every_body


def test_the_example_in_the_format_documentation_loads():
    docs = (DEMO_PATH.parents[2] / "docs" / "charter-format.md").read_text(encoding="utf-8")
    example = docs.split("## A short example\n\n```yaml\n", 1)[1].split("```", 1)[0]

    charter = load_charter(example)

    assert charter.fixed_seats("committee") == 6  # 3 for each of the two estates


def test_every_threshold_in_the_demo_is_known():
    charter = load_charter_file(DEMO_PATH)

    used = {c.threshold for t in charter.decision_types for c in t.competences}
    assert used <= set(Threshold)


# Reporting


def test_every_problem_is_reported_not_just_the_first():
    text = variant(
        ("    quorum: majority\n", "    quorm: majority\n"),
        ("count: 6, term_months", 'count: "five", term_months'),
        ("    visibility: body\n", "    visibility: secret\n"),
    )

    problems = problems_of(text)

    assert [(p.line, p.path) for p in problems] == [
        (line_of(text, "- id: assembly"), "bodies[0]"),
        (line_of(text, "quorm"), "bodies[0].quorm"),
        (line_of(text, '"five"'), "bodies[1].seats[0].elected.count"),
        (line_of(text, "secret"), "bodies[1].visibility"),
    ]


def test_a_problem_reads_file_line_path_message():
    problem = the_problem(variant(("    visibility: body\n", "    visibility: secret\n")))

    assert str(problem) == (
        f"test.yaml:{problem.line}: bodies[1].visibility: unknown visibility 'secret'; "
        "it is one of members, unit, body"
    )


def test_load_charter_file_names_the_file(tmp_path):
    path = tmp_path / "charter.yaml"
    path.write_text(variant(("quorum: 3\n", "quorum: none\n")), encoding="utf-8")

    with pytest.raises(CharterInvalid) as raised:
        load_charter_file(path)

    assert raised.value.problems[0].source == str(path)


def test_load_charter_file_reports_text_that_is_not_utf8(tmp_path):
    path = tmp_path / "charter.yaml"
    path.write_bytes(b"minutebook_charter: 1\norganization:\n  name: Caf\xe9\n")

    with pytest.raises(CharterInvalid) as raised:
        load_charter_file(path)

    [problem] = raised.value.problems
    assert problem.line == 3
    assert "not UTF-8" in problem.message


def test_load_charter_file_lets_a_missing_file_raise(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_charter_file(tmp_path / "nowhere.yaml")


# The YAML itself


def test_yaml_syntax_error_reports_the_line_from_the_parser():
    text = variant(("    visibility: members\n", "    visibility: [members\n"))

    syntax, skipped = sorted(problems_of(text), key=lambda problem: problem.path)

    assert syntax.message.startswith("YAML syntax error:")
    assert syntax.line == line_of(text, "[members") + 1  # where the parser gave up
    assert syntax.path == ""
    # The body with the error is not read, so names of bodies are not checked against the list.
    assert (skipped.line, skipped.path) == (text.splitlines().index("bodies:") + 1, "bodies")
    assert skipped.message.startswith("references to bodies were not checked")


def test_duplicate_yaml_key_is_a_problem():
    """PyYAML keeps the last of two equal keys without a word; the loader refuses."""
    text = variant(("    quorum: 3\n", "    quorum: 3\n    quorum: 5\n"))

    problem = the_problem(text)

    assert problem.line == line_of(text, "quorum: 5")
    assert problem.path == "bodies[1].quorum"
    assert problem.message.startswith(f"duplicate key 'quorum' (first at line {problem.line - 1})")


def test_empty_file():
    problem = the_problem("# nothing yet\n")

    assert problem.line is None
    assert "the file is empty" in problem.message


@pytest.mark.parametrize("text", ["- a list\n", "just text\n"])
def test_top_level_must_be_a_mapping(text):
    problem = the_problem(text)

    assert (problem.line, problem.path) == (1, "")
    assert problem.message.startswith("expected a mapping at the top of the file")


def test_recursive_alias_is_a_problem():
    problem = the_problem(variant(("    articles: [art-2]\n", "    articles: &a [*a]\n")))

    assert problem.message == "a YAML alias refers to a value that contains itself"


def test_unsupported_yaml_tag_is_a_problem():
    text = variant(("  short_name: TC\n", "  short_name: !!python/name:os.system TC\n"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "short_name"), "organization.short_name")
    assert problem.message.startswith("cannot read this value")


# Shape: keys and types


def test_missing_required_key_is_reported_on_the_enclosing_mapping():
    text = variant(("    name: Board\n", ""))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "- id: board"), "bodies[1]")
    assert problem.message == "missing required key 'name'"


def test_missing_top_level_key():
    text = variant(("organization:\n  name: Test Co-operative\n  short_name: TC\n", ""))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "minutebook_charter"), "")
    assert problem.message == "missing required key 'organization'"


def test_wrong_type():
    text = variant(("count: 6, term_months", 'count: "five", term_months'))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "five"),
        "bodies[1].seats[0].elected.count",
    )
    assert problem.message == "expected a whole number (a seat count), got 'five'"


def test_yaml_booleans_get_a_hint():
    """YAML 1.1 reads an unquoted no/yes/on/off as true or false."""
    problem = the_problem(variant(("short_name: TC", "short_name: no")))

    assert problem.path == "organization.short_name"
    assert problem.message == (
        "expected text, got 'no', which YAML reads as false; put it in quotes to make it text"
    )


def test_unknown_key_suggests_the_known_one():
    text = variant(("    quorum: majority\n", "    quorm: majority\n"))

    problems = problems_of(text)

    assert [(p.line, p.path, p.message) for p in problems] == [
        (line_of(text, "- id: assembly"), "bodies[0]", "missing required key 'quorum'"),
        (
            line_of(text, "quorm"),
            "bodies[0].quorm",
            "unknown key 'quorm'; did you mean 'quorum'?",
        ),
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys():
    problem = the_problem(variant(("  short_name: TC\n", "  short_name: TC\n  motto: Onward\n")))

    assert problem.message == "unknown key 'motto'; allowed here: name, short_name, preamble"


def test_unsupported_format_version_is_the_only_problem_reported():
    """Another version may be another format: reading it as version 1 would only add noise."""
    text = variant(("minutebook_charter: 1", "minutebook_charter: 2"), ("quorum: 3", "quorm: 3"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "minutebook_charter"),
        "minutebook_charter",
    )
    assert problem.message == "unsupported format version 2; this Minutebook reads version 1"


def test_format_version_must_be_a_number():
    problem = the_problem(variant(("minutebook_charter: 1", "minutebook_charter: '1'")))

    assert problem.message == "expected the format version 1, got '1'"


def test_ids_are_plain():
    text = variant(
        ("{id: quay, name", "{id: Quay Side, name"), ("parent: south}", "parent: south}")
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "Quay Side"), "units[4].id")
    assert problem.message.startswith("'Quay Side' is not a valid id")


def test_empty_required_list():
    text = variant(
        (
            "    seats:\n      - all_members: {}\n",
            "    seats: []\n",
        )
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "seats: []"), "bodies[3].seats")
    assert problem.message == "the list of seat rules is empty; at least one is needed"


# Shape: seat rules


def test_non_positive_seat_count():
    text = variant(("count: 6, term_months", "count: 0, term_months"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "count: 0"),
        "bodies[1].seats[0].elected.count",
    )
    assert problem.message == "a seat count must be at least 1, got 0"


def test_non_positive_term():
    text = variant(("count: 6, term_months: 12", "count: 6, term_months: -12"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "-12"),
        "bodies[1].seats[0].elected.term_months",
    )
    assert problem.message == "a term in months must be at least 1, got -12"


def test_a_seat_rule_has_one_method():
    text = variant(
        (
            "      - all_members: {}\n",
            "      - all_members: {}\n        appointed: {by_body: board, count: 2}\n",
        )
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "all_members"), "bodies[3].seats[0]")
    assert problem.message == "a seat rule has one method; found all_members and appointed"


def test_unknown_seat_method_suggests_the_known_one():
    text = variant(("      - all_members: {}\n", "      - all_member: {}\n"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "all_member:"),
        "bodies[3].seats[0].all_member",
    )
    assert problem.message == "unknown key 'all_member'; did you mean 'all_members'?"


def test_elected_seats_name_exactly_one_electorate():
    text = variant(
        ("{by_body: assembly, count: 6", "{by_body: assembly, by_members_of: north, count: 6")
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "by_members_of: north"),
        "bodies[1].seats[0].elected",
    )
    assert problem.message == (
        "elected seats need exactly one of by_body, by_members_of, by_members_of_each; "
        "found by_body and by_members_of"
    )


def test_all_members_takes_no_count():
    """Every member holds a seat: only whether those seats vote may be said."""
    problem = the_problem(variant(("all_members: {}", "all_members: {count: 3}")))

    assert problem.path == "bodies[3].seats[0].all_members.count"
    assert problem.message == "unknown key 'count'; allowed here: voting"


# Shape: bodies


def test_body_with_both_unit_and_per_unit_kind():
    text = variant(
        ("    per_unit_kind: district\n", "    per_unit_kind: district\n    unit: north\n")
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "- id: district-committee"),
        "bodies[2]",
    )
    assert "not both" in problem.message


def test_body_with_neither_unit_nor_per_unit_kind():
    text = variant(("    per_unit_kind: district\n", ""))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "- id: district-committee"),
        "bodies[2]",
    )
    assert problem.message.startswith("missing 'unit'")


@pytest.mark.parametrize(
    ("quorum", "message"),
    [
        ("0", "impossible quorum 0: at least 1 member must be present"),
        ("0/3", "impossible quorum '0/3': a fraction must be more than 0 and at most 1"),
        ("4/3", "impossible quorum '4/3': a fraction must be more than 0 and at most 1"),
        ("1/0", "malformed quorum '1/0': the denominator is 0"),
        ("a third", "malformed quorum 'a third'; expected 'majority', a fraction such"),
        ("majorty", "malformed quorum 'majorty'; did you mean 'majority'?"),
        ("0.5", "expected 'majority', a fraction such as '1/3', or a whole number of members"),
    ],
)
def test_impossible_or_malformed_quorum(quorum, message):
    text = variant(("    quorum: 1/3\n", f"    quorum: {quorum}\n"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "quorum: " + quorum), "bodies[2].quorum")
    assert problem.message.startswith(message)


def test_negative_notice_days():
    text = variant(
        (
            "    quorum: 1/3\n    notice:\n      meeting_days: 7\n      documents_days: 3\n",
            "    quorum: 1/3\n    notice:\n      meeting_days: 7\n      documents_days: -1\n",
        )
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "documents_days: -1"),
        "bodies[2].notice.documents_days",
    )
    assert problem.message == "a number of days must be at least 0, got -1"


def test_emergency_notice_longer_than_ordinary_notice():
    text = variant(("meeting_days: 1, declared_by", "meeting_days: 10, declared_by"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "emergency:"),
        "bodies[1].notice.emergency.meeting_days",
    )
    assert problem.message.startswith(
        "emergency notice (10 days) is longer than ordinary notice (7 days)"
    )


def test_allowed_emergency_needs_notice_and_who_declares_it():
    text = variant(("{allowed: true, meeting_days: 1, declared_by: [board]}", "{allowed: true}"))

    problems = problems_of(text)

    assert [(p.line, p.path, p.message) for p in problems] == [
        (
            line_of(text, "emergency:"),
            "bodies[1].notice.emergency",
            f"missing required key '{key}' (emergency meetings are allowed)",
        )
        for key in ("meeting_days", "declared_by")
    ]


def test_duplicate_office():
    text = variant(("offices: [chair, treasurer]", "offices: [chair, treasurer, chair]"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "offices:"), "bodies[1].offices[2]")
    assert problem.message == "the office 'chair' is listed twice"


# Shape: the floor (speaking limit, leading bodies)


def test_speaking_limit_and_leading_default_to_three_minutes_and_false():
    charter = load_charter(MINIMAL)

    for body in charter.bodies:
        assert body.speaking_limit_seconds == 180
        assert body.leading is False


def test_speaking_limit_and_leading_are_read():
    text = variant(
        (
            "    proxies: true\n",
            "    proxies: true\n    speaking_limit_seconds: 90\n    leading: true\n",
        )
    )

    board = load_charter(text).body("board")

    assert board.speaking_limit_seconds == 90
    assert board.leading is True
    assert load_charter(text).body("assembly").speaking_limit_seconds == 180


def test_null_speaking_limit_counts_as_absent():
    text = variant(("    proxies: true\n", "    proxies: true\n    speaking_limit_seconds: null\n"))

    assert load_charter(text).body("board").speaking_limit_seconds == 180


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "a speaking limit in seconds must be at least 1, got 0"),
        ("-30", "a speaking limit in seconds must be at least 1, got -30"),
        ("2.5", "expected a whole number (a speaking limit in seconds), got the number 2.5"),
        (
            "three minutes",
            "expected a whole number (a speaking limit in seconds), got 'three minutes'",
        ),
        (
            "true",
            "expected a whole number (a speaking limit in seconds), got 'true', which YAML reads as true",
        ),
    ],
)
def test_speaking_limit_must_be_a_positive_whole_number(value, message):
    text = variant(
        ("    proxies: true\n", f"    proxies: true\n    speaking_limit_seconds: {value}\n")
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "speaking_limit_seconds"),
        "bodies[1].speaking_limit_seconds",
    )
    assert problem.message == message


def test_leading_must_be_true_or_false():
    text = variant(("    proxies: true\n", "    proxies: true\n    leading: central\n"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "leading:"), "bodies[1].leading")
    assert problem.message == "expected true or false, got 'central'"


def test_demo_charter_marks_the_leading_bodies():
    charter = load_charter_file(DEMO_PATH)

    assert {body.id for body in charter.bodies if body.leading} == {
        "central-committee",
        "standing-committee",
    }
    assert charter.body("congress").speaking_limit_seconds == 180
    assert charter.body("standing-committee").speaking_limit_seconds == 120


# Shape: decision types


def test_decision_type_no_body_may_take():
    text = variant(("    bodies: [district-committee]\n", "    bodies: []\n"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "bodies: []"), "decision_types[2].bodies")
    assert problem.message == "no body may take this decision type; list at least one body"


def test_unknown_threshold_suggests_the_known_one():
    text = variant(
        (
            "bodies: [assembly]\n    threshold: two_thirds_cast",
            "bodies: [assembly]\n    threshold: two_third_cast",
        )
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "two_third_cast"),
        "decision_types[0].threshold",
    )
    assert problem.message == "unknown threshold 'two_third_cast'; did you mean 'two_thirds_cast'?"


def test_every_body_entry_needs_a_threshold():
    text = variant(
        ("    bodies: [assembly]\n    threshold: two_thirds_cast\n", "    bodies: [assembly]\n")
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "bodies: [assembly]"),
        "decision_types[0].bodies[0]",
    )
    assert problem.message.startswith("no threshold for 'assembly'")


def test_bodies_all_needs_a_default_threshold():
    text = variant(("    bodies: all\n    threshold: majority_cast\n", "    bodies: all\n"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "bodies: all"),
        "decision_types[3].bodies",
    )
    assert problem.message == "'bodies: all' needs the type's default 'threshold'"


# Thresholds written as expressions


def test_a_threshold_expression_is_read_into_its_canonical_text():
    text = variant(
        (
            "    bodies: [district-committee]\n    threshold: two_thirds_cast\n",
            "    bodies: [district-committee]\n"
            "    threshold:\n"
            "      all:\n"
            "        - {at_least: 3/4, of: cast}\n"
            "        - {more_than: 1/2, of: entire}\n",
        )
    )

    expel = load_charter(text).decision_type("member.expel")

    assert expel.competence_of("district-committee").threshold == (
        '{"all":[{"at_least":"3/4","of":"cast"},{"more_than":"1/2","of":"entire"}]}'
    )


def test_a_wrong_part_of_a_threshold_is_reported_on_its_own_line():
    text = variant(
        (
            "    bodies: [district-committee]\n    threshold: two_thirds_cast\n",
            "    bodies: [district-committee]\n"
            "    threshold:\n"
            "      all:\n"
            "        - {at_least: 3/4, of: cast}\n"
            "        - {turnout_at_least: 10%, of: voters}\n",
        )
    )

    problem = the_problem(text)

    assert problem.line == line_of(text, "of: voters")
    assert problem.path == "decision_types[2].threshold.all[1].of"
    assert problem.message.startswith("unknown basis 'voters'")


def test_an_unknown_threshold_name_gets_the_rule_it_means_not_a_stricter_one():
    text = variant(
        (
            "bodies: [assembly]\n    threshold: two_thirds_cast",
            "bodies: [assembly]\n    threshold: two_thirds_present",
        )
    )

    problem = the_problem(text)

    assert problem.message == (
        "unknown threshold 'two_thirds_present'; for that rule write {at_least: 2/3, of: present}"
    )


# Procedures


PROCEDURE = (
    "    bodies: [district-committee]\n    threshold: two_thirds_cast\n",
    "    bodies: [district-committee]\n    threshold: two_thirds_cast\n"
    "    procedure:\n"
    "      - recommend: {body: board, decision_type: decision.rescind}\n"
    "      - ratify: {body: board, within_days: 90}\n"
    "      - veto: {body: assembly, within_days: 30, threshold: two_thirds_cast}\n",
)


def test_a_procedure_is_read_in_order():
    expel = load_charter(variant(PROCEDURE)).decision_type("member.expel")

    assert [(s.kind, s.body, s.within_days) for s in expel.procedure] == [
        ("recommend", "board", None),
        ("ratify", "board", 90),
        ("veto", "assembly", 30),
    ]
    assert expel.procedure[1].threshold == "majority_cast"
    assert [s.kind for s in expel.steps_after_adoption] == ["ratify", "veto"]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            ("veto: {body: assembly, within_days: 30,", "veto: {body: assembly,"),
            "decision_types[2].procedure[2].veto",
            "missing required key 'within_days'",
        ),
        (
            ("ratify: {body: board,", "ratify: {body: district-committee,"),
            "decision_types[2].procedure[1].ratify.body",
            "'district-committee' itself takes 'member.expel' decisions: a ratify by the "
            "deciding body is no separate step",
        ),
        (
            (
                "recommend: {body: board, decision_type: decision.rescind}",
                "recommend: {body: board, decision_type: member.expel}",
            ),
            "decision_types[2].procedure[0].recommend.decision_type",
            "'board' may not take 'member.expel' decisions, so it cannot make this recommendation",
        ),
        (
            ("      - ratify:", "      - approve:"),
            "decision_types[2].procedure[1].approve",
            "unknown key 'approve'; allowed here: recommend, ratify, consent, veto, units_agree, "
            "units_veto, outside_approval",
        ),
    ],
)
def test_a_wrong_step_is_reported_where_it_is(change, path, message):
    problem = the_problem(variant(PROCEDURE, change))

    assert (problem.path, problem.message) == (path, message)


def test_a_charter_amendment_cannot_wait_on_a_veto_window():
    text = variant(
        (
            "    bodies: [assembly]\n    threshold: two_thirds_cast\n    notice_required: true\n",
            "    bodies: [assembly]\n    threshold: two_thirds_cast\n    notice_required: true\n"
            "    procedure: [{veto: {body: board, within_days: 10}}]\n",
        )
    )

    assert "a veto window after that" in the_problem(text).message
