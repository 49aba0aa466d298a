"""Every droop reference count for our three rules, stage by stage.

droop (Jonathan Lundell's counter for the PR Foundation) publishes a round-by-round dump for each
ballot file and rule. For Scottish STV (`scotland-fixed-p5-d5`, 32 counts), the PRF Meek rule
(`meek-prf-o6-fixed-p9-d9`, 9) and the PRF WIGM rule (`wigm-prf-fixed-p4-d4` and its batch-defeat
variant, 9 each) we compare at the end of every stage: the quota, the non-transferable (or Meek
exhausted) votes, every candidate's state, and the votes and keep factors of those still in.

Ties. droop "draws by lot" by picking the tied candidate that comes first in the ballot file
(or in its `[tie]` line). Minutebook draws by lot for real unless the profile carries a tie order,
which it reads strongest first. To replay droop's draws the tests give each file a tie order:
the reverse of the ballot-file order, so that the first of the tied is the one excluded - except
where droop's only draw chooses whose surplus goes first (SC-Vm-12 under WIGM: "Break tie
(surplus): [A, B] -> A"), where the file order itself does it. 42t brings its own `[tie]` line,
which none of these counts needs.

Zero surpluses. droop gives a candidate elected with exactly the quota a stage of its own that
transfers nothing (two such stages each in weak-surplus and SC-Vm-12 under Scottish STV). The Order transfers only a surplus
that exceeds the quota (rule 48(1)), so Minutebook has no such stage; stages that change nothing
are dropped from droop's list before comparing.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

from minutebook.voting.formats import read_ballot_file
from minutebook.voting.stv import meek_stv, scottish_stv, wigm_stv
from tests.voting.stv_reference import (
    DATA,
    droop_name,
    drop_idle_stages,
    expected_names,
    read_dump,
    read_expected,
    snapshots_of,
)

RULES = {
    "scotland-fixed-p5-d5": scottish_stv,
    "meek-prf-o6-fixed-p9-d9": meek_stv,
    "wigm-prf-fixed-p4-d4": wigm_stv,
    "wigm-prf-batch-fixed-p4-d4": partial(wigm_stv, batch_defeat=True),
}
CASES = [row for row in read_expected(DATA / "droop" / "EXPECTED.tsv")]
SURPLUS_DRAWS = {
    ("SC-Vm-12", "wigm-prf-fixed-p4-d4"),
    ("SC-Vm-12", "wigm-prf-batch-fixed-p4-d4"),
}


def _stem(row: dict[str, str]) -> str:
    return Path(row["blt_file"]).stem


def droop_profile(row: dict[str, str]):
    """The reference ballot file, with the tie order that replays droop's draws."""
    profile = read_ballot_file(DATA / "droop" / row["blt_file"])
    if profile.tie_order is not None:
        return profile
    file_order = tuple(range(len(profile.candidates)))
    if (_stem(row), row["droop_config"]) in SURPLUS_DRAWS:
        return dataclasses.replace(profile, tie_order=file_order)
    return dataclasses.replace(profile, tie_order=file_order[::-1])


def droop_dump(row: dict[str, str]) -> Path:
    folder = "scotland/" if row["blt_file"].startswith("blt/scotland/") else ""
    return DATA / "droop" / "dump" / f"{folder}{_stem(row)}-{row['droop_config']}.txt"


def test_the_reference_set_is_complete():
    """32 Scottish, 9 Meek and 9 + 9 WIGM counts, as listed in droop/EXPECTED.tsv."""
    configs = [row["droop_config"] for row in CASES]
    assert configs.count("scotland-fixed-p5-d5") == 32
    for config in ("meek-prf-o6-fixed-p9-d9", "wigm-prf-fixed-p4-d4", "wigm-prf-batch-fixed-p4-d4"):
        assert configs.count(config) == 9


@pytest.mark.parametrize("row", CASES, ids=lambda r: f"{_stem(r)}-{r['droop_config']}")
def test_winners_and_every_stage_match_droop(row):
    result = RULES[row["droop_config"]](droop_profile(row))

    assert {droop_name(name) for name in result.elected} == expected_names(
        row["elected (droop order)"]
    )
    assert result.seats == int(row["seats"])
    assert result.rounds[0].quota == Decimal(row["initial_quota"])
    valid = sum(result.rounds[0].votes.values()) + result.rounds[0].exhausted
    assert valid == int(row["ballots"])

    theirs = drop_idle_stages(read_dump(droop_dump(row)))
    ours = snapshots_of(result, droop_name)
    assert len(ours) == len(theirs)
    for stage, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert mine.quota == reference.quota, f"stage {stage}: quota"
        assert mine.exhausted == reference.exhausted, f"stage {stage}: non-transferable"
        assert mine.states == reference.states, f"stage {stage}: states"
        assert mine.votes == reference.votes, f"stage {stage}: votes"
        if reference.keep_factors:
            assert mine.keep_factors == reference.keep_factors, f"stage {stage}: keep factors"


IDLE_STAGES = {
    ("weak-surplus", "scotland-fixed-p5-d5"): 2,  # B and C elected with exactly the quota
    ("SC-Vm-12", "scotland-fixed-p5-d5"): 2,  # A and B elected with exactly the quota
}


@pytest.mark.parametrize("row", CASES, ids=lambda r: f"{_stem(r)}-{r['droop_config']}")
def test_only_zero_surplus_stages_are_dropped(row):
    """droop's stages that change nothing are exactly its transfers of a zero surplus, which
    happen only in two Scottish counts; none of the other 48 counts loses a stage."""
    dump = read_dump(droop_dump(row))
    idle = IDLE_STAGES.get((_stem(row), row["droop_config"]), 0)
    assert len(dump) - len(drop_idle_stages(dump)) == idle


def test_a_zero_surplus_is_not_a_stage():
    """weak-surplus: A (10) and B (8) reach the quota of 8; A's surplus lifts C to exactly 8.
    B and C have no surplus (rule 48(1) needs votes exceeding the quota), so the next stage
    excludes E or F, level at 3 at every stage: a draw, which droop gave against E."""
    row = next(r for r in CASES if _stem(r) == "weak-surplus")
    result = scottish_stv(droop_profile(row))
    assert [r.action for r in result.rounds] == [
        "first preferences",
        "transfer surplus of A",
        "exclude E",
    ]
    assert result.rounds[1].elected == ["C"]
    assert result.elected == ["A", "B", "C", "D"]
