"""BLT files: the reference data as published, every extension we accept, every error we report,
and write-then-read round trips."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.voting.formats import BallotFileError, read_ballot_file, read_blt, write_blt
from minutebook.voting.profile import Ballot, Profile
from tests.voting.stv_reference import DATA, read_expected

DROOP = DATA / "droop" / "blt"
EDINBURGH = DATA / "edinburgh-2017"


def test_it_reads_every_reference_file_and_writes_it_back_unchanged():
    """All BLT files in the test data, including the droop extensions, survive a round trip."""
    files = sorted(DATA.rglob("*.blt"))
    assert len(files) > 50
    for path in files:
        profile = read_ballot_file(path)
        again = read_blt(write_blt(profile))
        assert again == profile, path
        assert again.options == profile.options, path


def test_glasgow_wards_match_the_published_sizes():
    """Candidates, seats and ballots of the 21 Glasgow wards as listed in droop/EXPECTED.tsv."""
    rows = [r for r in read_expected(DATA / "droop" / "EXPECTED.tsv") if "2007" in r["blt_file"]]
    assert len(rows) == 21
    for row in rows:
        profile = read_ballot_file(DATA / "droop" / row["blt_file"])
        assert profile.seats == int(row["seats"])
        assert profile.total_weight == int(row["ballots"])


def test_edinburgh_wards_keep_names_verbatim():
    """Names keep their double spaces; sizes match edinburgh-2017/EXPECTED.tsv."""
    for row in read_expected(EDINBURGH / "EXPECTED.tsv"):
        profile = read_ballot_file(EDINBURGH / row["blt_file"])
        assert len(profile.candidates) == int(row["candidates"])
        assert profile.seats == int(row["seats"])
        assert profile.total_weight == int(row["valid_ballots"])
        assert len(profile.ballots) == int(row["distinct_rankings"])
        assert profile.title == row["title"]
    almond = read_ballot_file(EDINBURGH / "blt/ward_1_-_almond_-_preference_profile_report.blt")
    assert "Kevin  LANG" in almond.candidates
    assert "Iain  MCKINNON-WADDELL" in almond.candidates


def test_a_byte_order_mark_is_ignored():
    assert read_ballot_file(DROOP / "42ubom.blt") == read_ballot_file(DROOP / "42u.blt")
    assert read_ballot_file(DROOP / "42u.blt").candidates == ("Cåstor", "Pøllüx", "Hélen")


def test_withdrawn_candidates_as_negative_numbers_or_droop_option():
    """Line 2 `-4` and droop's `[withdrawn 4]` both withdraw Pat LaMarche (index 3)."""
    negative = read_ballot_file(DROOP / "SCw.blt")
    option = read_ballot_file(DROOP / "SCwopt.blt")
    assert negative.withdrawn == frozenset({3})
    assert negative.candidates[3] == "Pat LaMarche"
    assert option == negative


def test_several_withdrawn_on_one_line():
    profile = read_blt('3 1\n-1 -3\n2 1 2 0\n0\n"A"\n"B"\n"C"\n"T"\n')
    assert profile.withdrawn == frozenset({0, 2})


def test_weights_equal_rankings_and_nicknames():
    """droop's meek/eq2.blt: `[nick a b c d]` and `5 a b=c d 0`."""
    profile = read_ballot_file(DROOP / "meek" / "eq2.blt")
    assert profile.ballots[0] == Ballot(((0,), (1, 2), (3,)), 5)
    assert profile.ballots[2] == Ballot(((2, 3), (1, 0)), 3)
    assert profile.total_weight == 11


def test_tie_order_and_droop_options():
    assert read_ballot_file(DROOP / "42t.blt").tie_order == (2, 1, 0)
    assert read_ballot_file(DROOP / "mpls" / "tie.blt").options == {"precision": "5"}


def test_free_text_after_the_title_is_ignored():
    """M135 has Wichmann's source and comment strings and unquoted tables after its title."""
    profile = read_ballot_file(DROOP / "M135.blt")
    assert profile.title == "M135: Gen v1.1 1 3 45"
    assert len(profile.candidates) == 25
    assert profile.total_weight == 679  # 677 valid ballots and two empty ones


def test_quoted_names_with_doubled_quotes_and_spaces():
    text = (
        "2 1\n1 1 0\n0\n"
        '"Neil ALEXANDER ""Scottish Liberal Democrats"""\n'
        '"  Kevin  LANG "\n'
        '"Ward 9 ""Centre"" # not a comment"\n'
    )
    profile = read_blt(text)
    assert profile.candidates == (
        'Neil ALEXANDER "Scottish Liberal Democrats"',
        "  Kevin  LANG ",
    )
    assert profile.title == 'Ward 9 "Centre" # not a comment'
    assert read_blt(write_blt(profile)) == profile


def test_comments_and_ballot_ids():
    text = (
        "# a comment line\n"
        "3 2  # candidates, seats\n"
        "(ballot 1) 1 2 0\n"
        "(b2) 3 0   # a ballot id instead of a weight\n"
        "4 2=3 0\n"
        "0\n"
        '"A" "B"\n"C"  # names may share a line\n'
        '"Title"\n'
    )
    profile = read_blt(text)
    assert profile.ballots == (
        Ballot(((0,), (1,)), 1),
        Ballot(((2,),), 1),
        Ballot(((1, 2),), 4),
    )
    assert profile.candidates == ("A", "B", "C")


def test_empty_ballots_are_kept():
    profile = read_blt('2 1\n3 0\n1 2 0\n0\n"A"\n"B"\n"T"\n')
    assert profile.ballots[0] == Ballot((), 3)


def test_error_messages_name_file_and_line():
    text = "10 4\n1 1 0\n2 12 3 0\n0\n" + "".join(f'"C{i}"\n' for i in range(10)) + '"T"\n'
    with pytest.raises(BallotFileError) as error:
        read_blt(text, source="ward.blt")
    assert str(error.value) == "ward.blt:3: candidate index 12 out of range (10 candidates)"
    assert (error.value.source, error.value.line) == ("ward.blt", 3)


NAMES = '"A"\n"B"\n"C"\n'

ERRORS = [
    pytest.param("", 1, "expected the number of candidates", id="empty file"),
    pytest.param("x 2\n", 1, "expected the number of candidates, found 'x'", id="bad count"),
    pytest.param("3 0\n0\n" + NAMES + '"T"', 1, "number of seats must be at least 1", id="seats"),
    pytest.param("3\n", 1, "expected the number of seats", id="no seats"),
    pytest.param(
        "3 1\n1 4 0\n0\n" + NAMES + '"T"',
        2,
        "candidate index 4 out of range (3 candidates)",
        id="index",
    ),
    pytest.param("3 1\n1 0 2 0\n0\n", 2, "unexpected '2' after the 0", id="after 0"),
    pytest.param(
        "3 1\n1 1 2\n2 3 0\n0\n" + NAMES + '"T"', 2, "ballot does not end with 0", id="no 0"
    ),
    pytest.param("3 1\n1 1 x 0\n0\n" + NAMES + '"T"', 2, "non-numeric token 'x'", id="non-numeric"),
    pytest.param(
        "3 1\nw 1 0\n0\n" + NAMES + '"T"',
        2,
        "non-numeric token 'w' where a ballot weight",
        id="weight",
    ),
    pytest.param(
        "3 1\n1.5 1 0\n0\n" + NAMES + '"T"',
        2,
        "ballot weight '1.5' must be a whole number",
        id="fraction",
    ),
    pytest.param(
        "3 1\n2 1 2 1 0\n0\n" + NAMES + '"T"', 2, "candidate 1 ranked twice", id="duplicate"
    ),
    pytest.param(
        "3 1\n2 1=2 2 0\n0\n" + NAMES + '"T"', 2, "candidate 2 ranked twice", id="duplicate ="
    ),
    pytest.param("3 1\n2 1==2 0\n0\n" + NAMES + '"T"', 2, "empty rank in '1==2'", id="empty rank"),
    pytest.param("3 1\n1 1 0\n", 2, "missing the 0 line that ends the ballots", id="no end"),
    pytest.param(
        '3 1\n1 1 0\n"A"\n"B"\n"C"\n"T"\n',
        3,
        "missing the 0 line that ends the ballots",
        id="no end, names",
    ),
    pytest.param(
        '3 1\n1 1 0\n0\n"A"\n"B"\n', 5, "expected 3 quoted candidate names, found 2", id="names"
    ),
    pytest.param(
        '3 1\n1 1 0\n0\n"A"\n"B"\nC\n"T"',
        6,
        "expected 3 quoted candidate names, found 2",
        id="unquoted",
    ),
    pytest.param("3 1\n1 1 0\n0\n" + NAMES, 6, "missing title", id="title"),
    pytest.param('3 1\n1 1 0\n0\n"A\n', 4, "unterminated quoted string", id="quote"),
    pytest.param("3 1\n[undeclared 2]\n1 1 0\n0\n", 2, "unknown option [undeclared]", id="option"),
    pytest.param(
        "3 1\n[tie 1 2]\n1 1 0\n0\n", 2, "[tie] must list each candidate exactly once", id="tie"
    ),
    pytest.param("3 1\n[tie 1 2\n", 2, "option [tie is not closed", id="unclosed option"),
    pytest.param(
        "3 1\n[nick a b]\n", 2, "[nick] must give one nickname per candidate", id="nick count"
    ),
    pytest.param("3 1\n[nick a b a]\n", 2, "[nick] lists the same nickname twice", id="nick twice"),
    pytest.param("3 1\n[nick a b c]\n1 a d 0\n0\n", 3, "unknown candidate 'd'", id="nickname"),
    pytest.param("3 1\n-4\n1 1 0\n0\n", 2, "candidate index 4 out of range", id="withdrawn"),
    pytest.param("3 1\n(a 1 0\n0\n", 2, "ballot id is not closed", id="ballot id"),
    pytest.param("3 1\n(a) 1 0\n(a) 2 0\n0\n", 3, "duplicate ballot id (a)", id="duplicate id"),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS)
def test_malformed_files_are_reported_with_line_and_problem(text, line, message):
    with pytest.raises(BallotFileError) as error:
        read_blt(text, source="bad.blt")
    assert error.value.line == line
    assert message in error.value.message
    assert str(error.value).startswith(f"bad.blt:{line}: ")


def test_the_writer_refuses_what_blt_cannot_hold():
    profile = Profile(("A", "B"), (Ballot(((0,),), 1),), title="two\nlines")
    with pytest.raises(ValueError, match="line break"):
        write_blt(profile)
    with pytest.raises(ValueError, match="positive"):
        write_blt(dataclasses.replace(profile, title="", ballots=(Ballot(((0,),), 0),)))
    with pytest.raises(ValueError, match="option"):
        write_blt(dataclasses.replace(profile, title="", options={"a b": "c"}))


# -- round trips --------------------------------------------------------------------------------

_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=0, max_size=12
)


@st.composite
def profiles(draw) -> Profile:
    """Any profile BLT can hold: awkward names, equal rankings, withdrawn, tie order, options."""
    n = draw(st.integers(1, 6))
    names = tuple(draw(st.lists(_text, min_size=n, max_size=n)))
    ballots = []
    for _ in range(draw(st.integers(0, 8))):
        order = draw(st.permutations(range(n)))[: draw(st.integers(0, n))]
        groups, position = [], 0
        while position < len(order):
            size = draw(st.integers(1, len(order) - position))
            groups.append(tuple(order[position : position + size]))
            position += size
        ballots.append(Ballot(tuple(groups), draw(st.integers(1, 1000))))
    withdrawn = frozenset(draw(st.sets(st.integers(0, n - 1), max_size=n)))
    tie_order = draw(st.none() | st.permutations(range(n)).map(tuple))
    keys = st.text("abcdefgh", min_size=1, max_size=5)
    options = draw(st.dictionaries(keys, st.text("xyz0123.", max_size=4), max_size=3))
    return Profile(
        candidates=names,
        ballots=tuple(ballots),
        seats=draw(st.integers(1, n)),
        title=draw(_text),
        withdrawn=withdrawn,
        tie_order=tie_order,
        options=options,
    )


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_write_then_read_gives_the_same_profile(profile):
    again = read_blt(write_blt(profile))
    assert again == profile
    assert again.options == profile.options
