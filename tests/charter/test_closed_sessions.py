"""A body's `closed_sessions:` in the charter: read, checked, described."""

import pytest

from minutebook.charter.closed_sessions import closed_session_words
from minutebook.charter.loader import load_charter
from minutebook.charter.spec import CharterInvalid, ClosedSessionRules
from tests.charter.charters import MINIMAL, line_of, variant

BOARD = "    name: Board\n"


def with_rules(rules: str) -> str:
    return variant((BOARD, BOARD + f"    closed_sessions: {rules}\n"), text=MINIMAL)


def test_the_rules_are_read():
    charter = load_charter(with_rules("{grounds: [staff matters], readers: [assembly]}"))

    assert charter.body("board").closed_sessions == ClosedSessionRules(
        grounds=("staff matters",), readers=("assembly",)
    )
    assert load_charter(MINIMAL).body("board").closed_sessions is None
    assert load_charter(with_rules("{}")).body("board").closed_sessions == ClosedSessionRules()


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ("{readers: [asembly]}", "unknown body 'asembly'; did you mean 'assembly'?"),
        ("{grounds: []}", "the list of grounds is empty"),
        ("{grounds: staff}", "expected a list"),
        ("{when: always}", "unknown key 'when'"),
    ],
)
def test_a_malformed_rule_is_reported_on_its_line(rules, problem):
    text = with_rules(rules)

    with pytest.raises(CharterInvalid) as raised:
        load_charter(text)

    found = [(p.line, p.message) for p in raised.value.problems]
    assert any(
        line == line_of(text, "closed_sessions") and problem in message for line, message in found
    ), found


def test_the_rule_in_words():
    rules = ClosedSessionRules(grounds=("staff matters", "legal advice"), readers=("cc",))

    assert closed_session_words(rules, {"cc": "Control Commission"}) == (
        "may take an agenda item in closed session for staff matters, legal advice; its title "
        "and decisions stay on the record, the rest is read by its seat holders and those of "
        "the Control Commission only"
    )
    assert closed_session_words(None, {}) == ""
