"""The order of the list: points of order first, the progressive list, pro/contra alternation,
otherwise first come first served; each place with its reason."""

import datetime as dt

from minutebook.floor.order import Candidate, speaking_order

T0 = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)


def ask(id, *, at, kind="speech", stance="none", spoken=False) -> Candidate:
    return Candidate(
        id=id,
        kind=kind,
        stance=stance,
        requested_at=T0 + dt.timedelta(seconds=at),
        has_spoken=spoken,
    )


def ids(placed) -> list[int]:
    return [p.candidate.id for p in placed]


def test_first_come_first_served():
    placed = speaking_order([ask(3, at=30), ask(1, at=10), ask(2, at=20)])

    assert ids(placed) == [1, 2, 3]
    assert [p.position for p in placed] == [1, 2, 3]
    assert {p.reason for p in placed} == {"In order of asking"}
    assert {p.rules for p in placed} == {("first_come",)}


def test_same_moment_is_broken_by_the_order_of_the_requests():
    assert ids(speaking_order([ask(2, at=0), ask(1, at=0)])) == [1, 2]


def test_points_of_order_come_before_the_list_in_the_order_raised():
    placed = speaking_order(
        [
            ask(1, at=10),
            ask(2, at=20, kind="point_of_order"),
            ask(3, at=30),
            ask(4, at=15, kind="point_of_order"),
        ],
        progressive=True,
        pro_contra=True,
    )

    assert ids(placed) == [4, 2, 1, 3]
    assert placed[0].reason == "Point of order: heard before the list"
    assert placed[0].rules == ("point_of_order",)


def test_progressive_list_puts_those_who_have_not_spoken_first():
    placed = speaking_order(
        [ask(1, at=10, spoken=True), ask(2, at=20), ask(3, at=30, spoken=True), ask(4, at=40)],
        progressive=True,
    )

    assert ids(placed) == [2, 4, 1, 3]
    assert placed[0].reason == "Has not yet spoken in this meeting; in order of asking"
    assert placed[2].reason == (
        "Has already spoken in this meeting: after those who have not; in order of asking"
    )
    assert placed[2].rules == ("progressive_again", "first_come")


def test_without_the_progressive_list_having_spoken_changes_nothing():
    placed = speaking_order([ask(1, at=10, spoken=True), ask(2, at=20)])

    assert ids(placed) == [1, 2]


def test_pro_contra_alternates_starting_opposite_the_last_speaker():
    placed = speaking_order(
        [
            ask(1, at=10, stance="pro"),
            ask(2, at=20, stance="pro"),
            ask(3, at=30, stance="contra"),
            ask(4, at=40, stance="contra"),
        ],
        pro_contra=True,
        last_stance="pro",
    )

    assert ids(placed) == [3, 1, 4, 2]
    assert placed[0].reason == "Speaks against, after a speaker for, ahead of 2 who asked earlier"
    assert placed[1].reason == "Speaks for, after a speaker against"
    assert placed[0].rules == ("alternation",)


def test_pro_contra_without_a_previous_side_starts_with_the_first_to_ask():
    placed = speaking_order(
        [
            ask(1, at=10, stance="contra"),
            ask(2, at=20, stance="contra"),
            ask(3, at=30, stance="pro"),
        ],
        pro_contra=True,
    )

    assert ids(placed) == [1, 3, 2]
    assert placed[0].reason == "In order of asking"


def test_pro_contra_goes_on_in_order_when_nobody_waits_on_the_other_side():
    placed = speaking_order(
        [ask(1, at=10, stance="pro"), ask(2, at=20), ask(3, at=30, stance="pro")],
        pro_contra=True,
        last_stance="pro",
    )

    assert ids(placed) == [1, 2, 3]
    assert placed[0].reason == "Nobody waits to speak against: in order of asking"
    assert placed[0].rules == ("alternation_none_waiting",)


def test_a_speaker_without_a_side_keeps_the_side_that_is_due():
    placed = speaking_order(
        [ask(1, at=10), ask(2, at=20, stance="pro"), ask(3, at=30, stance="contra")],
        pro_contra=True,
        last_stance="contra",
    )

    # For is due: speaker 2 goes first; then against (3); then the speaker without a side.
    assert ids(placed) == [2, 3, 1]


def test_alternation_works_within_each_group_of_the_progressive_list():
    placed = speaking_order(
        [
            ask(1, at=10, stance="pro"),
            ask(2, at=20, stance="contra", spoken=True),
            ask(3, at=30, stance="pro"),
            ask(4, at=40, stance="contra"),
        ],
        progressive=True,
        pro_contra=True,
        last_stance="pro",
    )

    # Not yet spoken: 1 (pro), 3 (pro), 4 (contra); against is due, so 4, then 1, then 3;
    # then those who have spoken: 2.
    assert ids(placed) == [4, 1, 3, 2]
    assert placed[0].reason == (
        "Has not yet spoken in this meeting; speaks against, after a speaker for, "
        "ahead of 2 who asked earlier"
    )
    assert placed[3].rules == ("progressive_again", "alternation")


def test_nobody_waiting():
    assert speaking_order([], progressive=True, pro_contra=True, last_stance="pro") == []
