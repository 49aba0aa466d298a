"""The charter's rules in plain words."""

from pathlib import Path

from minutebook.charter.describe import (
    body_rules,
    citations,
    decision_type_rules,
    seat_rule_words,
    threshold_words,
    visibility_words,
)
from minutebook.charter.loader import load_charter

DEMO = Path(__file__).parents[2] / "minutebook" / "demo" / "charter.yaml"


def charter():
    return load_charter(DEMO.read_text(), "charter.yaml")


def test_seat_rules_in_words():
    demo = charter()
    congress = demo.body("congress")
    assert [seat_rule_words(demo, rule) for rule in congress.seats] == [
        "seats for each branch, elected by its members, for 2 years, in proportion to the "
        "members in good standing at the census: one seat for every 5 members (a part of that "
        "counting as a whole); none from a unit of fewer than 10 members; at most 8 seats for "
        "a unit",
        "the members of the Central Committee, ex officio, for as long as they hold that seat",
    ]
    standing = demo.body("standing-committee").seats[0]
    assert seat_rule_words(demo, standing) == (
        "7 seats elected by the Central Committee, until these seats are filled anew"
    )
    programme = demo.body("programme-commission").seats[0]
    assert seat_rule_words(demo, programme).startswith("9 seats appointed by the Central Committee")
    assemblies = demo.body("branch-assembly").seats[0]
    assert seat_rule_words(demo, assemblies) == "every member of the unit and of the units below it"


def test_visibility_in_words():
    demo = charter()
    assert visibility_words(demo, demo.body("congress")) == "every member of the organization"
    assert visibility_words(demo, demo.body("standing-committee")) == "its own seat holders only"
    district = demo.body("district-committee")
    assert visibility_words(demo, district, "North District") == (
        "the members of North District and of the units below it"
    )


def test_thresholds_in_words():
    assert threshold_words("two_thirds_cast").startswith("two-thirds of the votes cast")
    assert threshold_words("majority_entire").startswith("a majority of all seat holders")
    assert threshold_words("something_new") == "something new"


def test_body_rules_name_notice_and_emergencies():
    demo = charter()
    rules = body_rules(demo, demo.body("central-committee"))
    assert rules.notice == (
        "meetings called 14 days ahead, documents sent 7 days ahead; an emergency meeting may "
        "be called 2 days ahead, declared by the Standing Committee"
    )
    assert [article.id for article in rules.articles] == ["art-5", "art-10", "art-11"]


def test_competences_are_grouped_by_majority():
    demo = charter()
    bylaws = decision_type_rules(demo, demo.decision_type("bylaws.amend"))
    assert [(c.bodies, c.threshold.split(" (")[0]) for c in bylaws.competences] == [
        ((("congress", "National Congress"),), "a majority of the votes cast"),
        ((("central-committee", "Central Committee"),), "two-thirds of the votes cast"),
    ]
    admit = decision_type_rules(demo, demo.decision_type("member.admit"))
    assert admit.appeal_to == "District Committee"


def test_citations_map_articles_to_rules():
    found = citations(charter())
    assert [(c.kind, c.id) for c in found["art-13"]] == [
        ("body", "members-referendum"),
        ("decision type", "charter.amend"),
        ("decision type", "bylaws.amend"),
    ]
    assert ("body", "congress") in [(c.kind, c.id) for c in found["art-4"]]
    assert found["art-1"] == []
