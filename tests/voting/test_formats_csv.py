"""The CSV ballot format: what it means, errors, round trips; and choosing a reader by extension."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.voting.formats import (
    BallotFileError,
    read_ballot_file,
    read_csv,
    write_blt,
    write_csv,
    write_preflib,
)
from minutebook.voting.profile import Ballot, Profile

EXAMPLE = """\
# title: Board election 2024
# seats: 2
# withdrawn: Dan
# any other comment
weight,Alice,"Bob, Jr.",Carol,Dan
3,1,2,,
2,,1,1,
1,2,1,3,4
1,,,,
"""


def test_ranks_weights_settings_and_equal_ranks():
    profile = read_csv(EXAMPLE)
    assert profile.candidates == ("Alice", "Bob, Jr.", "Carol", "Dan")
    assert (profile.title, profile.seats, profile.withdrawn) == (
        "Board election 2024",
        2,
        frozenset({3}),
    )
    assert profile.ballots == (
        Ballot(((0,), (1,)), 3),
        Ballot(((1, 2),), 2),
        Ballot(((1,), (0,), (2,), (3,)), 1),
        Ballot((), 1),
    )


def test_without_a_weight_column_each_row_is_one_ballot():
    profile = read_csv("A,B\n1,2\n,1\n")
    assert profile.ballots == (Ballot(((0,), (1,)), 1), Ballot(((1,),), 1))


def test_only_the_order_of_ranks_matters():
    assert read_csv("A,B,C\n3,7,\n").ballots == (Ballot(((0,), (1,)), 1),)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", None, "no header row"),
        ("weight\n", 1, "names no candidates"),
        ("A,A\n1,2\n", 1, "candidate 'A' named twice"),
        ("A, \n1,2\n", 1, "candidate 2 has no name"),
        ("A,B\n1,2,3\n", 2, "expected 2 fields, found 3"),
        ("A,B\n1,x\n", 2, "rank 'x' for 'B' must be a whole number"),
        ("A,B\n1,0\n", 2, "rank '0' for 'B' must be a whole number (1 or more)"),
        ("weight,A,B\n0,1,2\n", 2, "weight '0' must be a whole number of ballots"),
        ("weight,A,B\n2.5,1,2\n", 2, "weight '2.5' must be a whole number of ballots"),
        ("# seats: two\nA,B\n1,2\n", 1, "seats 'two' must be a whole number"),
        ("# withdrawn: C\nA,B\n1,2\n", 1, "withdrawn candidate 'C' is not in the header"),
    ],
)
def test_malformed_rows_are_reported_with_line_and_problem(text, line, message):
    with pytest.raises(BallotFileError) as error:
        read_csv(text, source="votes.csv")
    assert error.value.line == line
    assert message in error.value.message


_name = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=10
).filter(str.strip)


@st.composite
def profiles(draw) -> Profile:
    """Profiles the CSV format holds: groups of equals listed in column order, no tie order."""
    n = draw(st.integers(1, 6))
    ballots = []
    for _ in range(draw(st.integers(0, 8))):
        ranks = draw(st.lists(st.none() | st.integers(1, n), min_size=n, max_size=n))
        groups = {}
        for candidate, rank in enumerate(ranks):
            if rank is not None:
                groups.setdefault(rank, []).append(candidate)
        ranking = tuple(tuple(groups[r]) for r in sorted(groups))
        ballots.append(Ballot(ranking, draw(st.integers(1, 99))))
    return Profile(
        candidates=tuple(draw(st.lists(_name, min_size=n, max_size=n, unique=True))),
        ballots=tuple(ballots),
        seats=draw(st.integers(1, n)),
        title=draw(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")))),
        withdrawn=frozenset(draw(st.sets(st.integers(0, n - 1)))),
    )


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_write_then_read_gives_the_same_profile(profile):
    assert read_csv(write_csv(profile)) == profile


def test_the_writer_refuses_line_breaks():
    with pytest.raises(ValueError, match="line break"):
        write_csv(Profile(("A\nB",), ()))


def test_files_are_read_by_extension(tmp_path):
    profile = Profile(("A", "B"), (Ballot(((0,), (1,)), 2),), seats=1, title="T")
    (tmp_path / "e.blt").write_text(write_blt(profile), encoding="utf-8")
    (tmp_path / "e.CSV").write_text(write_csv(profile), encoding="utf-8")
    (tmp_path / "e.soi").write_text(write_preflib(profile, "soi"), encoding="utf-8")
    for name in ("e.blt", "e.CSV", "e.soi"):
        assert read_ballot_file(tmp_path / name) == profile
    assert read_ballot_file(str(tmp_path / "e.blt")) == profile


def test_unreadable_files_are_reported(tmp_path):
    with pytest.raises(BallotFileError, match="unknown ballot file type '.txt'"):
        read_ballot_file(tmp_path / "votes.txt")
    with pytest.raises(BallotFileError, match="cannot read the file"):
        read_ballot_file(tmp_path / "missing.blt")
    (tmp_path / "latin1.blt").write_bytes(b'1 1\n1 1 0\n0\n"Ren\xe9"\n"T"\n')
    with pytest.raises(BallotFileError) as error:
        read_ballot_file(tmp_path / "latin1.blt")
    assert (error.value.line, error.value.message) == (4, "not valid UTF-8 text")
    assert str(error.value) == f"{tmp_path / 'latin1.blt'}:4: not valid UTF-8 text"
