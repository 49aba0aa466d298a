"""Problems between the entries of a charter: references, the unit tree, seats, quorums,
thresholds, appeals and the decision types every charter needs."""

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import REQUIRED_DECISION_TYPES
from tests.charter.charters import MINIMAL, line_of, problems_of, the_problem, variant

# Duplicate ids


@pytest.mark.parametrize(
    ("old", "new", "path", "what"),
    [
        (
            "  - {id: quay, name: Quay Branch",
            "  - {id: harbour, name: Quay Branch",
            "units[4].id",
            "unit id 'harbour'",
        ),
        ("  - id: board\n", "  - id: assembly\n", "bodies[1].id", "body id 'assembly'"),
        (
            "  - id: member.expel\n",
            "  - id: decision.rescind\n",
            "decision_types[2].id",
            "decision type id 'decision.rescind'",
        ),
        ("  - {id: art-2, title", "  - {id: art-1, title", "articles[1].id", "article id 'art-1'"),
    ],
)
def test_duplicate_id(old, new, path, what):
    text = variant((old, new))
    second = MINIMAL[: MINIMAL.index(old)].count("\n") + 1

    problems = [p for p in problems_of(text) if p.path == path]

    assert [(p.line, p.path) for p in problems] == [(second, path)]
    assert problems[0].message.startswith(f"duplicate {what} (first at line ")


def test_duplicate_body_id_names_the_first_line():
    text = variant(("  - id: board\n", "  - id: assembly\n"))

    problem = next(p for p in problems_of(text) if p.path == "bodies[1].id")

    assert problem.message == (
        f"duplicate body id 'assembly' (first at line {line_of(text, 'name: Assembly') - 1})"
    )


# Unknown references, each with a suggestion


@pytest.mark.parametrize(
    ("old", "new", "marker", "path", "message"),
    [
        (
            "parent: south}",
            "parent: sooth}",
            "sooth",
            "units[4].parent",
            "unknown unit 'sooth'; did you mean 'south'?",
        ),
        (
            "    unit: national\n    seats:\n      - elected: {by_body",
            "    unit: natoinal\n    seats:\n      - elected: {by_body",
            "natoinal",
            "bodies[1].unit",
            "unknown unit 'natoinal'; did you mean 'national'?",
        ),
        (
            "per_unit_kind: district",
            "per_unit_kind: districts",
            "districts",
            "bodies[2].per_unit_kind",
            "unknown unit kind 'districts'; did you mean 'district'?",
        ),
        (
            "by_members_of_each: branch,",
            "by_members_of_each: brnch,",
            "brnch",
            "bodies[0].seats[0].elected.by_members_of_each",
            "unknown unit kind 'brnch'; did you mean 'branch'?",
        ),
        (
            "by_members_of_each: branch,",
            "by_members_of: harbor,",
            "harbor",
            "bodies[0].seats[0].elected.by_members_of",
            "unknown unit 'harbor'; did you mean 'harbour'?",
        ),
        (
            "by_body: assembly",
            "by_body: asembly",
            "asembly",
            "bodies[1].seats[0].elected.by_body",
            "unknown body 'asembly'; did you mean 'assembly'?",
        ),
        (
            "of_body: assembly",
            "of_body: assemblee",
            "assemblee",
            "bodies[1].seats[1].ex_officio.of_body",
            "unknown body 'assemblee'; did you mean 'assembly'?",
        ),
        (
            "declared_by: [board]",
            "declared_by: [bored]",
            "bored",
            "bodies[1].notice.emergency.declared_by[0]",
            "unknown body 'bored'; did you mean 'board'?",
        ),
        (
            "bodies: [district-committee]",
            "bodies: [district-comittee]",
            "comittee",
            "decision_types[2].bodies[0]",
            "unknown body 'district-comittee'; did you mean 'district-committee'?",
        ),
        (
            "{body: board, threshold",
            "{body: boards, threshold",
            "boards",
            "decision_types[1].bodies[1].body",
            "unknown body 'boards'; did you mean 'board'?",
        ),
        (
            "appeal_to: board",
            "appeal_to: bord",
            "bord",
            "decision_types[2].appeal_to",
            "unknown body 'bord'; did you mean 'board'?",
        ),
        (
            "    visibility: members\n    articles: [art-1]\n",
            "    visibility: members\n    articles: [art-10]\n",
            "art-10",
            "bodies[0].articles[0]",
            "unknown article 'art-10'",
        ),
        (
            "    articles: [art-2]\n",
            "    articles: [art-1, bylaws]\n",
            "bylaws",
            "decision_types[2].articles[1]",
            "unknown article 'bylaws'",
        ),
        (
            "appeal_to: board",
            "appeal_to: zzz",
            "zzz",
            "decision_types[2].appeal_to",
            "unknown body 'zzz'",
        ),
    ],
)
def test_unknown_reference(old, new, marker, path, message):
    text = variant((old, new))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, marker), path)
    assert problem.message == message


# The unit tree


def test_cycle_in_the_unit_tree_names_its_units():
    text = variant(
        (
            "{id: north, name: North District, kind: district, parent: national}",
            "{id: north, name: North District, kind: district, parent: harbour}",
        ),
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "id: north"), "units[1].parent")
    assert problem.message == (
        "the unit tree has a cycle (each unit's parent follows it): 'north' → 'harbour' → 'north'"
    )


def test_a_unit_that_is_its_own_parent():
    text = variant(("kind: branch, parent: south}", "kind: branch, parent: quay}"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "id: quay"), "units[4].parent")
    assert problem.message == "the unit 'quay' is its own parent"


def test_no_root():
    text = variant(
        (
            "{id: national, name: National, kind: national}",
            "{id: national, name: National, kind: national, parent: north}",
        ),
    )

    problems = problems_of(text)

    assert [(p.line, p.path) for p in problems] == [
        (line_of(text, "units:"), "units"),  # the key: the list itself starts a line below
        (line_of(text, "id: national"), "units[0].parent"),
    ]
    assert problems[0].message.startswith("the unit tree has no root")
    assert "'national' → 'north' → 'national'" in problems[1].message


def test_more_than_one_root():
    text = variant(
        ("kind: district, parent: national}\n  - {id: harbour", "kind: district}\n  - {id: harbour")
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "id: south"), "units[2]")
    assert problem.message == (
        f"more than one root: 'south' has no parent, but 'national' "
        f"(line {line_of(text, 'id: national')}) is the root already; give it a parent"
    )


# Seats


def test_office_the_other_body_does_not_have():
    text = variant(("of_body: assembly, office: chair", "of_body: assembly, office: treasurer"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "office: treasurer"),
        "bodies[1].seats[1].ex_officio.office",
    )
    assert problem.message == "'assembly' has no office 'treasurer' (its offices: chair, secretary)"


def test_ex_officio_cycle():
    text = variant(
        (
            "      - elected: {by_members_of_each: branch, count: 3, term_months: 12}\n",
            "      - elected: {by_members_of_each: branch, count: 3, term_months: 12}\n"
            "      - ex_officio: {of_body: board}\n",
        ),
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "of_body: board"),
        "bodies[0].seats[1].ex_officio.of_body",
    )
    assert problem.message == (
        "ex officio seats form a cycle: the members of 'board' sit on 'assembly' and the "
        "members of 'assembly' sit on 'board'; who belongs to these bodies would depend on itself"
    )


def test_ex_officio_seats_on_itself():
    text = variant(("of_body: assembly, office: chair", "of_body: board, office: chair"))

    problem = the_problem(text)

    assert problem.path == "bodies[1].seats[1].ex_officio.of_body"
    assert problem.message == "'board' cannot have ex officio seats for its own members"


def test_by_members_of_a_unit_outside_the_body_unit():
    """A district's body is elected by that district's members, not another district's."""
    text = variant(
        (
            "  - id: board\n    name: Board\n    unit: national\n",
            "  - id: board\n    name: Board\n    unit: north\n",
        ),
        ("{by_body: assembly, count: 6", "{by_members_of: quay, count: 6"),
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "by_members_of: quay"),
        "bodies[1].seats[0].elected.by_members_of",
    )
    assert problem.message.startswith("'quay' is not 'north' or a unit below it")


def test_by_members_of_a_unit_below_the_body_unit_is_fine():
    text = variant(("{by_body: assembly, count: 6", "{by_members_of: quay, count: 6"))

    assert load_charter(text).body("board").seats[0].by_members_of == "quay"


def test_by_members_of_on_a_body_in_every_unit_of_a_kind():
    text = variant(("{by_members_of_each: district, count: 5", "{by_members_of: north, count: 5"))

    problem = the_problem(text)

    assert problem.path == "bodies[2].seats[0].elected.by_members_of"
    assert problem.message.startswith(
        "'district-committee' is a body in every district, so its seats cannot be elected by "
        "the members of one unit"
    )


def test_by_members_of_each_kind_with_no_unit_below():
    text = variant(
        ("{by_members_of_each: district, count: 5", "{by_members_of_each: national, count: 5")
    )

    problem = problems_of(text)[0]  # then each decision the committee cannot take

    assert (problem.line, problem.path) == (
        line_of(text, "by_members_of_each: national"),
        "bodies[2].seats[0].elected.by_members_of_each",
    )
    assert problem.message == (
        "no unit of kind 'national' is at or below any district, so these seats would never "
        "be filled"
    )


def test_by_body_defined_per_unit_kind_needs_one_above():
    text = variant(("{by_body: assembly, count: 6", "{by_body: district-committee, count: 6"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "by_body: district-committee"),
        "bodies[1].seats[0].elected.by_body",
    )
    assert problem.message == (
        "'district-committee' is a body in every district, but 'board' in 'national' is not "
        "within a district, so no 'district-committee' can elect these seats"
    )


def test_ex_officio_from_a_body_in_every_unit_below_is_fine():
    text = variant(
        ("of_body: assembly, office: chair", "of_body: district-committee, office: chair")
    )

    charter = load_charter(text)

    assert charter.body("board").seats[1].of_body == "district-committee"


# Quorums and thresholds


def test_quorum_larger_than_the_fixed_seats():
    text = variant(
        ("    quorum: 3\n", "    quorum: 7\n"),
        ("      - ex_officio: {of_body: assembly, office: chair}\n", ""),
    )

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "quorum: 7"), "bodies[1].quorum")
    assert problem.message == "impossible quorum: 7 present, but the body has only 6 seats"


def test_quorum_counts_seats_for_each_unit():
    """3 seats for each of two branches: a quorum of 7 is impossible, of 6 is not."""
    impossible = variant(("    quorum: majority\n", "    quorum: 7\n"))
    possible = variant(("    quorum: majority\n", "    quorum: 6\n"))

    assert the_problem(impossible).message == (
        "impossible quorum: 7 present, but the body has only 6 seats"
    )
    assert load_charter(possible).body("assembly").quorum.at_least == 6


def test_quorum_with_ex_officio_or_all_members_seats_is_not_counted():
    """Those seats vary with other bodies and with membership."""
    text = variant(
        ("    quorum: 3\n", "    quorum: 100\n"), ("    quorum: 4\n", "    quorum: 100\n")
    )

    assert load_charter(text).body("board").quorum.at_least == 100


def test_threshold_on_a_body_that_can_have_no_members():
    text = variant(
        ("      - all_members: {}\n", "      - elected: {by_members_of_each: district, count: 2}\n")
    )

    problems = problems_of(text)

    assert [p.path for p in problems] == [
        "bodies[3].seats[0].elected.by_members_of_each",
        "decision_types[3].bodies",
    ]
    assert problems[1].message == (
        "impossible threshold: 'branch-meeting' can never have anyone on it (see its seat "
        "rules), so it can never reach 'majority_cast'"
    )


def test_body_listed_twice_in_a_decision_type():
    text = variant(
        ("bodies: [district-committee]", "bodies: [district-committee, district-committee]")
    )

    problem = the_problem(text)

    assert problem.path == "decision_types[2].bodies[1]"
    assert problem.message == (
        f"the body 'district-committee' is listed twice (first at line {problem.line})"
    )


# Appeals


def test_appeal_to_a_body_that_takes_the_same_decisions():
    text = variant(("appeal_to: board", "appeal_to: district-committee"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (
        line_of(text, "appeal_to:"),
        "decision_types[2].appeal_to",
    )
    assert problem.message == (
        "an appeal to 'district-committee' is meaningless: 'district-committee' itself takes "
        "decisions of this type"
    )


def test_appeal_to_a_body_in_every_unit_of_a_kind_needs_one_above():
    text = variant(
        ("bodies: [district-committee]", "bodies: [assembly]"),
        ("appeal_to: board", "appeal_to: district-committee"),
    )

    problem = the_problem(text)

    assert problem.path == "decision_types[2].appeal_to"
    assert problem.message.endswith("so no 'district-committee' can hear the appeal")


def test_appeal_to_the_body_above_in_the_tree_is_fine():
    text = variant(
        ("bodies: [district-committee]", "bodies: [branch-meeting]"),
        ("appeal_to: board", "appeal_to: district-committee"),
    )

    assert load_charter(text).decision_type("member.expel").appeal_to == "district-committee"


# Required decision types


@pytest.mark.parametrize("type_id", REQUIRED_DECISION_TYPES)
def test_missing_required_decision_type(type_id):
    text = variant((f"  - id: {type_id}\n", "  - id: something.else\n"))

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, "decision_types:"), "decision_types")
    assert problem.message == (
        f"missing the decision type '{type_id}', which every charter needs (the software "
        "relies on it)"
    )


def test_checks_across_entries_still_run_when_an_entry_has_shape_problems():
    text = variant(
        ("    quorum: majority\n", "    quorm: majority\n"),
        ("appeal_to: board", "appeal_to: bord"),
    )

    assert [p.path for p in problems_of(text)] == [
        "bodies[0]",
        "bodies[0].quorm",
        "decision_types[2].appeal_to",
    ]


def test_minimal_charter_is_valid():
    assert load_charter(MINIMAL).short_name == "TC"


def test_a_threshold_more_than_a_body_of_fixed_seats_can_give_is_impossible():
    # The district committee has 5 seats in each district: 6 votes for can never be cast.
    text = variant(
        (
            "    bodies: [district-committee]\n    threshold: two_thirds_cast\n",
            "    bodies: [district-committee]\n"
            "    threshold: {all: [two_thirds_cast, {votes_for_at_least: 6}]}\n",
        )
    )

    problem = the_problem(text)

    assert problem.path == "decision_types[2].bodies[0]"
    assert problem.message == (
        "impossible threshold: 'district-committee' has at most 5 seats, so even with all of "
        "them voting for it can never reach at least 6 vote(s) for"
    )


def test_a_threshold_a_body_of_fixed_seats_can_just_reach_is_accepted():
    text = variant(
        (
            "    bodies: [district-committee]\n    threshold: two_thirds_cast\n",
            "    bodies: [district-committee]\n"
            "    threshold: {all: [two_thirds_cast, {votes_for_at_least: 5}]}\n",
        )
    )

    assert load_charter(text).decision_type("member.expel")


def test_a_body_entry_without_its_body_key_is_reported_once():
    """`{body central-committee, ...}` (the colon forgotten) has no `body` key: that is the
    problem, and the check of the body named goes no further (it used to fail)."""
    text = variant(
        ("{body: board, threshold: two_thirds_cast}", "{body board, threshold: two_thirds_cast}")
    )

    problems = problems_of(text)

    assert [(p.path, p.message) for p in problems] == [
        (
            "decision_types[1].bodies[1].body board",
            "unknown key 'body board'; allowed here: body, threshold",
        ),
        ("decision_types[1].bodies[1]", "missing required key 'body'"),
    ]


def test_attendance_a_body_of_fixed_seats_can_never_reach_is_impossible():
    # 5 seats in each district: 6 can never attend.
    text = variant(
        (
            "    bodies: [district-committee]\n    threshold: two_thirds_cast\n",
            "    bodies: [district-committee]\n"
            "    threshold: {all: [consensus, {present_at_least: 6}]}\n",
        )
    )

    problem = the_problem(text)

    assert problem.message == (
        "impossible threshold: 'district-committee' has at most 5 seats, so even with all of "
        "them voting for it can never reach at least 6 members present"
    )
    five = text.replace("present_at_least: 6}", "present_at_least: 5}")
    assert load_charter(five).decision_type("member.expel")


def test_fewer_present_is_tried_when_a_rule_asks_for_fewer_than_everyone():
    # Of 5 seats, fewer than 4 present: 3 present all voting for reach a majority of 5.
    possible = variant(
        (
            "    bodies: [district-committee]\n    threshold: two_thirds_cast\n",
            "    bodies: [district-committee]\n"
            "    threshold: {all: [majority_entire, {present_fewer_than: 4}]}\n",
        )
    )
    load_charter(possible)
    # Fewer than 3 present: at most 2 for, never more than half of 5.
    impossible = possible.replace("present_fewer_than: 4", "present_fewer_than: 3")
    assert "impossible threshold" in the_problem(impossible).message
