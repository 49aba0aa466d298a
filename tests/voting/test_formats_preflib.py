"""PrefLib files: the kinds and their restrictions, approval from categories, errors, round trips."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.voting.formats import BallotFileError, read_preflib, write_preflib
from minutebook.voting.profile import Ballot, Profile

TOI = """\
# FILE NAME: 00004-00000001.toi
# TITLE: Board election 2024
# DATA TYPE: toi
# MODIFICATION TYPE: original
# NUMBER ALTERNATIVES: 3
# NUMBER VOTERS: 6
# NUMBER UNIQUE ORDERS: 3
# ALTERNATIVE NAME 1: Alice
# ALTERNATIVE NAME 2: Bob, Jr.
# ALTERNATIVE NAME 3: Carol
3: 1,2,3
2: 3,{1,2}
1: 2
"""

CAT = """\
# DATA TYPE: cat
# NUMBER ALTERNATIVES: 3
# NUMBER VOTERS: 5
# NUMBER UNIQUE ORDERS: 3
# NUMBER CATEGORIES: 2
# CATEGORY NAME 1: Yes
# CATEGORY NAME 2: No
# ALTERNATIVE NAME 1: Alice
# ALTERNATIVE NAME 2: Bob
# ALTERNATIVE NAME 3: Carol
3: {1,2},3
1: 2,{1,3}
1: {},{1,2,3}
"""


def test_it_reads_orders_with_ties():
    profile = read_preflib(TOI, "toi")
    assert profile.candidates == ("Alice", "Bob, Jr.", "Carol")
    assert profile.title == "Board election 2024"
    assert profile.ballots == (
        Ballot(((0,), (1,), (2,)), 3),
        Ballot(((2,), (0, 1)), 2),
        Ballot(((1,),), 1),
    )


def test_categories_are_approval_ballots_first_category_approved():
    profile = read_preflib(CAT, ".cat")
    assert profile.ballots == (
        Ballot(((0, 1),), 3),
        Ballot(((1,),), 1),
        Ballot((), 1),
    )


def test_the_older_preflib_format_is_read_too():
    old = "3\n1,Alice\n2,Bob\n3,Carol\n5,5,2\n3,1,{2,3}\n2,3\n"
    profile = read_preflib(old, "toi")
    assert profile.candidates == ("Alice", "Bob", "Carol")
    assert profile.ballots == (Ballot(((0,), (1, 2)), 3), Ballot(((2,),), 2))


@pytest.mark.parametrize(
    ("kind", "order", "message"),
    [
        ("soc", "1,2", "must rank all 3 alternatives"),
        ("soc", "1,{2,3}", "cannot rank alternatives equal"),
        ("soi", "1,{2,3}", "cannot rank alternatives equal"),
        ("toc", "1,{2}", "must rank all 3 alternatives"),
        ("toi", "1,4", "alternative index 4 out of range (3 alternatives)"),
        ("toi", "1,x", "non-numeric alternative 'x'"),
        ("toi", "1,1", "alternative 1 appears twice"),
        ("toi", "1,{2,3", "'{' without a closing '}'"),
        ("toi", "1,2}", "'}' without an opening '{'"),
        ("toi", "1,,2", "non-numeric alternative ''"),
        ("toi", "1,{},2", "an empty '{}' ranks no one"),
        ("cat", "{1,2}", "expected 2 categories, found 1"),
    ],
)
def test_orders_that_break_the_kind_are_reported(kind, order, message):
    header = (
        TOI.split("3: 1,2,3")[0]
        .replace("# NUMBER VOTERS: 6\n", "")
        .replace("# NUMBER UNIQUE ORDERS: 3\n", "")
    )
    if kind == "cat":
        header += "# NUMBER CATEGORIES: 2\n"
    text = (
        header + f"1: 1,2,3\n4: {order}\n" if kind in ("soc", "toc") else header + f"4: {order}\n"
    )
    with pytest.raises(BallotFileError) as error:
        read_preflib(text, kind, source=f"x.{kind}")
    assert message in error.value.message
    assert error.value.line == len(text.splitlines())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("# NUMBER VOTERS: 6", "# NUMBER VOTERS: 7"), "NUMBER VOTERS is 7 but the orders count 6"),
        (("# NUMBER UNIQUE ORDERS: 3", "# NUMBER UNIQUE ORDERS: 4"), "NUMBER UNIQUE ORDERS is 4"),
        (("# ALTERNATIVE NAME 3: Carol\n", ""), "missing '# ALTERNATIVE NAME 3:' line"),
        (("# NUMBER ALTERNATIVES: 3\n", ""), "missing '# NUMBER ALTERNATIVES:' line"),
        (("# NUMBER ALTERNATIVES: 3", "# NUMBER ALTERNATIVES: three"), "must be a whole number"),
        (("1: 2", "1 2"), "expected 'count: order'"),
    ],
)
def test_inconsistent_headers_are_reported(change, message):
    with pytest.raises(BallotFileError, match=message):
        read_preflib(TOI.replace(*change), "toi", source="x.toi")


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown PrefLib kind"):
        read_preflib(TOI, "xyz")


def test_the_writer_checks_the_kind():
    profile = read_preflib(TOI, "toi")
    with pytest.raises(ValueError, match="cannot write this profile as .soi"):
        write_preflib(profile, "soi")
    with pytest.raises(ValueError, match="approval ballots"):
        write_preflib(profile, "cat")
    with pytest.raises(ValueError, match="withdrawn"):
        write_preflib(Profile(("A",), (), withdrawn=frozenset({0})), "soi")


_name = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=10)


@st.composite
def profiles(draw, kind: str) -> Profile:
    """Merged profiles (PrefLib lists distinct orders) that a file of `kind` can hold."""
    n = draw(st.integers(1, 6))
    rankings = {}
    for _ in range(draw(st.integers(0, 8))):
        order = list(draw(st.permutations(range(n))))
        if kind in ("soi", "toi", "cat"):
            order = order[: draw(st.integers(0, n))]
        if kind == "cat":
            ranking = (tuple(order),) if order else ()
        elif kind in ("soc", "soi"):
            ranking = tuple((c,) for c in order)
        else:
            cuts = sorted(draw(st.sets(st.integers(1, max(len(order) - 1, 1)), max_size=n)))
            bounds = [0, *[c for c in cuts if c < len(order)], len(order)]
            ranking = tuple(tuple(order[a:b]) for a, b in pairwise(bounds) if b > a)
        rankings[ranking] = draw(st.integers(1, 50))
    return Profile(
        candidates=tuple(draw(st.lists(_name, min_size=n, max_size=n))),
        ballots=tuple(Ballot(r, w) for r, w in rankings.items()),
        seats=draw(st.integers(1, n)),
        title=draw(_name),
    )


@pytest.mark.parametrize("kind", ["soc", "soi", "toc", "toi", "cat"])
def test_write_then_read_gives_the_same_profile(kind):
    @settings(max_examples=60, deadline=None)
    @given(profiles(kind))
    def round_trip(profile):
        assert read_preflib(write_preflib(profile, kind), kind) == profile

    round_trip()


def test_the_writer_merges_identical_rankings():
    profile = Profile(("A", "B"), (Ballot(((0,),), 1), Ballot(((1,),), 2), Ballot(((0,),), 3)))
    assert read_preflib(write_preflib(profile, "soi"), "soi") == profile.merged()
