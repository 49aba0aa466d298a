"""The charter's `petitions:` section: read, checked against the rest of the file, described."""

from fractions import Fraction

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.petitions import (
    PetitionThreshold,
    Requirement,
    Signers,
    ThresholdForm,
    describe_kind,
    petition_kind,
)
from minutebook.charter.spec import CharterInvalid
from tests.petitions.charter import charter_with_petitions


def problems_of(section: str) -> list[str]:
    with pytest.raises(CharterInvalid) as raised:
        load_charter(charter_with_petitions(section), "c.yaml")
    return [f"{p.path}: {p.message}" for p in raised.value.problems]


def kind_yaml(**lines: str) -> str:
    fields = {
        "id": "p",
        "name": "P",
        "signers": "{members_of: union}",
        "threshold": "{members: 3}",
        "collect_days": "30",
        "requires": "{meeting: {body: assembly, within_days: 21}}",
    }
    fields.update(lines)
    body = "\n".join(f"    {key}: {value}" for key, value in fields.items() if value)
    return "\npetitions:\n  - " + body.lstrip()


def test_every_form_is_read():
    charter = load_charter(charter_with_petitions())

    assembly = petition_kind(charter, "special-assembly")
    assert assembly.signers == Signers.MEMBERS_OF and assembly.signers_of == "union"
    assert assembly.threshold.percent == 30 and assembly.articles == ("art-1",)
    locals_ = petition_kind(charter, "locals-requisition").threshold
    assert (locals_.form, locals_.units, locals_.of_kind) == ("units", 2, "local")
    assert petition_kind(charter, "referendum").requires.obligation_kind == "ballot"
    recall = petition_kind(charter, "council-recall")
    assert recall.requires.kind == Requirement.RECALL
    assert recall.requires.obligation_kind == "decision"
    assert recall.requires.decision_type == "resolution" and recall.requires.office == "chair"


def test_a_charter_without_petitions_has_none():
    assert load_charter(charter_with_petitions("")).petitions == ()


@pytest.mark.parametrize(
    ("percent", "entitled", "required"),
    [
        (10, 498, 50),  # 49.8 rounds up: 49 is not enough
        (10, 490, 49),  # exactly 49
        (10, 491, 50),  # 49.1
        (Fraction(25, 2), 8, 1),  # 12.5 % of 8 is exactly 1
        (Fraction(25, 2), 9, 2),  # 1.125
        (30, 13, 4),  # 3.9
        (10, 0, 1),  # never zero signatures
    ],
)
def test_a_percentage_is_exact_and_rounded_up(percent, entitled, required):
    threshold = PetitionThreshold(form=ThresholdForm.PERCENT, percent=Fraction(percent))

    assert threshold.required(entitled) == required


def test_a_percentage_may_have_decimals_and_a_sign():
    charter = load_charter(charter_with_petitions(kind_yaml(threshold='{percent: "12.5%"}')))

    assert charter.petitions[0].threshold.percent == Fraction(25, 2)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ({"signers": "{members_of: nowhere}"}, "petitions[0].signers.members_of: unknown unit"),
        ({"signers": "{seats_of: counsil}"}, "unknown body 'counsil'; did you mean 'council'?"),
        ({"signers": "{seats_of: local-committee}"}, "the seat holders who sign must be"),
        ({"signers": "{}"}, "'signers' needs exactly one of members_of, members_of_each, seats_of"),
        (
            {"signers": "{seats_of: council}", "threshold": "{members: 6}"},
            "impossible threshold: 6 signatures, but 'council' has at most 5 seats",
        ),
        (
            {"threshold": "{units: 3, of_kind: local, each_with_at_least: 2}"},
            "impossible threshold: signatures from 3 units of kind 'local', but 'union' has only 2",
        ),
        (
            {"threshold": "{units: 1, of_kind: national, each_with_at_least: 2}", "signers": ""},
            "missing required key 'signers'",
        ),
        (
            {
                "signers": "{members_of: east}",
                "threshold": "{units: 1, of_kind: national, each_with_at_least: 2}",
            },
            "there is no unit of kind 'national' within 'east'",
        ),
        ({"threshold": "{units: 1, of_kind: locl, each_with_at_least: 2}"}, "unknown unit kind"),
        ({"threshold": "{units: 2}"}, "missing required key 'of_kind' (with 'units')"),
        ({"threshold": "{members: 2, percent: 5}"}, "needs exactly one of members, percent"),
        ({"threshold": "{percent: 120}"}, "at most 100, got 120"),
        ({"threshold": "{percent: lots}"}, "expected a percentage"),
        ({"threshold": "{members: 0}"}, "must be at least 1, got 0"),
        ({"collect_days": "0"}, "collect_days: a number of days to collect must be at least 1"),
        (
            {"requires": "{meeting: {body: assembly, within_days: -3}}"},
            "within_days: a number of days must be at least 0, got -3",
        ),
        ({"requires": "{meeting: {body: asembly, within_days: 3}}"}, "unknown body 'asembly'"),
        (
            {
                "requires": "{meeting: {body: assembly, within_days: 3}, ballot: {body: assembly, within_days: 3}}"
            },
            "'requires' needs exactly one of meeting, ballot, recall; found meeting and ballot",
        ),
        (
            {
                "requires": "{recall: {body: council, office: treasurer, decision_type: resolution, within_days: 3}}"
            },
            "'council' has no office 'treasurer' (its offices: chair, secretary)",
        ),
        (
            {
                "requires": "{recall: {body: council, office: chair, decision_type: strike.call, within_days: 3}}"
            },
            "'council' may not take decisions of type 'strike.call'",
        ),
        (
            {
                "requires": "{recall: {body: council, office: chair, decision_type: nope, within_days: 3}}"
            },
            "unknown decision type 'nope'",
        ),
        (
            {"requires": "{recall: {body: council, office: chair, within_days: 3}}"},
            "missing required key 'decision_type'",
        ),
        ({"articles": "[art-9]"}, "unknown article 'art-9'"),
        (
            {"requires": "{meeting: {body: local-committee, within_days: 3}}"},
            "'local-committee' is a body in every local, but the signers' unit 'union' is not",
        ),
        ({"id": "Bad Id"}, "is not a valid id"),
    ],
)
def test_what_is_wrong_is_said(lines, expected):
    found = problems_of(kind_yaml(**lines))

    assert any(expected in problem for problem in found), found


def test_duplicate_kinds_are_reported():
    section = kind_yaml() + "\n  - " + kind_yaml().split("  - ", 1)[1].lstrip()

    assert any("duplicate petition kind id 'p'" in p for p in problems_of(section))


def test_the_recall_may_be_decided_by_another_body():
    recall = "{recall: {body: council, office: chair, decision_type: strike.call, decided_by: assembly, within_days: 3}}"
    charter = load_charter(charter_with_petitions(kind_yaml(requires=recall)))

    assert charter.petitions[0].requires.deciding_body == "assembly"


def test_the_rule_in_words():
    charter = load_charter(charter_with_petitions())
    words = describe_kind(charter, petition_kind(charter, "special-assembly"))

    assert words["threshold"] == (
        "at least 30 % of the members in good standing of Union (counted when the petition "
        "opens, rounded up)"
    )
    assert words["requires"] == "a special meeting of the General Assembly within 21 days"


def test_a_kind_for_each_unit_of_a_kind():
    charter = load_charter(charter_with_petitions())
    kind = petition_kind(charter, "local-meeting")

    assert kind.signers == Signers.MEMBERS_OF_EACH and kind.signers_of == "local"
    assert describe_kind(charter, kind)["signers"] == (
        "the members in good standing of a local (each in their own)"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ({"signers": "{members_of_each: lokal}"}, "unknown unit kind 'lokal'"),
        (
            {
                "signers": "{members_of_each: local}",
                "threshold": "{units: 1, of_kind: local, each_with_at_least: 2}",
            },
            "signatures by units are counted for the members of one unit",
        ),
        (
            {
                "signers": "{members_of_each: national}",
                "requires": "{meeting: {body: local-committee, within_days: 3}}",
            },
            "the signers' unit 'union' is not within a local",
        ),
    ],
)
def test_what_is_wrong_with_each_unit_of_a_kind(lines, expected):
    found = problems_of(kind_yaml(**lines))

    assert any(expected in problem for problem in found), found


def test_a_ballot_of_a_body_that_never_decides_by_ballot_is_a_problem():
    from minutebook.charter.spec import CharterInvalid
    from tests.petitions.charter import PETITIONS, SMALL_CHARTER

    with pytest.raises(CharterInvalid) as invalid:
        load_charter(SMALL_CHARTER.read_text() + PETITIONS)

    (problem,) = invalid.value.problems
    assert problem.path == "petitions[2].requires.ballot.body"
    assert "'assembly' does not decide by ballot outside meetings" in problem.message


def test_a_body_in_a_part_of_the_file_that_could_not_be_read_is_not_reported_unknown():
    """The council's entry has a syntax error, so the petitions naming it cannot be checked
    against it: the file says that once, at 'bodies', instead of calling the council unknown."""
    text = charter_with_petitions().replace(
        "    name: Council\n", "    name: Council\n    description: Powers: all\n", 1
    )

    with pytest.raises(CharterInvalid) as raised:
        load_charter(text, "c.yaml")

    messages = [f"{p.path}: {p.message}" for p in raised.value.problems]
    assert not [m for m in messages if "unknown body" in m]
    assert any(m.startswith("bodies: references to bodies were not checked") for m in messages)
