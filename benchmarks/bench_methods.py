"""Speed of the non-STV counts on 1,000,000 ranked ballots over 20 candidates.

    python benchmarks/bench_methods.py

`run()` returns one dict per figure (name, figure, unit, target, ok); targets are goals, not
tests. The ballots are generated deterministically (seeded NumPy) from a Plackett–Luce model:
candidates of very unequal popularity, each voter ranking between 1 and 20 of them with short
rankings most common, as in real ranked-ballot elections. pref_voting runs the same counts side
by side on a smaller sample, since its pure-Python profiles would take minutes on a million.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from minutebook.voting.condorcet import (  # noqa: E402
    pairwise_matrix,
    ranked_pairs,
    schulze,
    strongest_paths,
)
from minutebook.voting.irv import count_irv, irv  # noqa: E402
from minutebook.voting.profile import Ballot, Profile  # noqa: E402
from minutebook.voting.tally import compile_ballots  # noqa: E402

BALLOTS = 1_000_000
CANDIDATES = 20
SAMPLE = 10_000  # ballots given to pref_voting
SEED = 20250101
FACTIONS = 6

# How many candidates a voter ranks: mostly a few, some all twenty.
LENGTH_WEIGHTS = np.array([22, 16, 13, 10, 8, 6, 5, 4, 3, 2, 1.5, 1.2, 1, 1, 1, 1, 1, 1, 1, 2])


def rankings(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """`n` rankings as an (n × 20) matrix of candidate indices, best first, and their lengths.

    Voters belong to one of FACTIONS (parties, slates) of unequal size; each faction ranks by a
    Plackett–Luce model with its own, strongly skewed popularity of the 20 candidates (drawn by
    the Gumbel trick), so ballots of one faction resemble each other, as party-slate voting makes
    real ballots do. Lengths follow LENGTH_WEIGHTS (mean about 5)."""
    rng = np.random.default_rng(seed)
    popularity = np.log(rng.dirichlet(np.full(CANDIDATES, 0.3), size=FACTIONS))
    faction = rng.choice(FACTIONS, size=n, p=rng.dirichlet(np.full(FACTIONS, 2.0)))
    keys = popularity[faction] + rng.gumbel(size=(n, CANDIDATES))
    order = np.argsort(-keys, axis=1)
    lengths = rng.choice(
        np.arange(1, CANDIDATES + 1), size=n, p=LENGTH_WEIGHTS / LENGTH_WEIGHTS.sum()
    )
    return order, lengths


def profile_of(order: np.ndarray, lengths: np.ndarray, *, merged: bool) -> Profile:
    """A Profile of one Ballot per voter (as the app's ballot box gives), or of one weighted
    Ballot per distinct ranking (as a BLT or PrefLib file gives)."""
    singletons = [(c,) for c in range(CANDIDATES)]
    rows = [
        tuple(singletons[c] for c in row[:length])
        for row, length in zip(order.tolist(), lengths.tolist(), strict=True)
    ]
    if merged:
        weights: dict = {}
        for row in rows:
            weights[row] = weights.get(row, 0) + 1
        ballots = tuple(Ballot(r, w) for r, w in weights.items())
    else:
        ballots = tuple(Ballot(r) for r in rows)
    return Profile(tuple(f"Candidate {i + 1}" for i in range(CANDIDATES)), ballots)


def best_of(repeat: int, function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Best wall-clock and processor seconds of `repeat` runs, and the last value."""
    wall = cpu = float("inf")
    value = None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        value = function()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu, value


def _row(name: str, wall: float, cpu: float, target: float | None) -> dict[str, Any]:
    return {
        "name": name,
        "figure": round(wall, 3),
        "unit": "s",
        "target": target,
        "ok": None if target is None else wall < target,
        "cpu": round(cpu, 3),
    }


def run() -> list[dict[str, Any]]:
    order, lengths = rankings(BALLOTS)
    every = profile_of(order, lengths, merged=False)
    merged = profile_of(order, lengths, merged=True)
    distinct = len(merged.ballots)
    rows: list[dict[str, Any]] = []

    wall, cpu, ballots = best_of(3, lambda: compile_ballots(every))
    rows.append(
        _row(f"merge {BALLOTS:,} Ballots into a matrix of {distinct:,} rankings", wall, cpu, None)
    )
    wall, cpu, _ = best_of(3, lambda: compile_ballots(merged))
    rows.append(
        _row(f"matrix from {distinct:,} weighted Ballots (a file's profile)", wall, cpu, None)
    )

    wall, cpu, result = best_of(5, lambda: count_irv(every, ballots, seed=1))
    rows.append(_row(f"IRV count on the matrix ({len(result.rounds)} rounds)", wall, cpu, 0.5))
    irv_winner = result.elected
    wall, cpu, result = best_of(3, lambda: irv(every, seed=1))
    assert result.elected == irv_winner
    rows.append(_row(f"IRV end to end from {BALLOTS:,} Ballots", wall, cpu, None))

    wall, cpu, _ = best_of(5, lambda: strongest_paths(pairwise_matrix(every, ballots)))
    rows.append(_row("Schulze pairwise matrix + strongest paths on the matrix", wall, cpu, 1.0))
    wall, cpu, result = best_of(3, lambda: schulze(every, seed=1))
    rows.append(_row(f"Schulze end to end from {BALLOTS:,} Ballots", wall, cpu, None))
    wall, cpu, result = best_of(3, lambda: ranked_pairs(every, seed=1))
    rows.append(_row(f"ranked pairs end to end from {BALLOTS:,} Ballots", wall, cpu, None))

    rows += _pref_voting_side_by_side(order[:SAMPLE], lengths[:SAMPLE])
    return rows


def _pref_voting_side_by_side(order: np.ndarray, lengths: np.ndarray) -> list[dict[str, Any]]:
    """The first SAMPLE ballots through pref_voting and through Minutebook, winners shown."""
    try:
        from pref_voting.iterative_methods import instant_runoff_tb
        from pref_voting.margin_based_methods import beat_path
        from pref_voting.profiles_with_ties import ProfileWithTies
    except ImportError:  # pref_voting is a test dependency only
        return []
    sample = profile_of(order, lengths, merged=False)
    n = len(order)

    def reference() -> ProfileWithTies:
        data = ProfileWithTies(
            [{c: r for r, (c,) in enumerate(b.ranking, 1)} for b in sample.ballots],
            candidates=list(range(CANDIDATES)),
        )
        data.use_extended_strict_preference()
        return data

    def named(indices: list[int]) -> str:
        return ", ".join(sample.candidates[c] for c in indices)

    wall, cpu, data = best_of(1, reference)
    rows = [_row(f"pref_voting: ProfileWithTies of {n:,} ballots (supports)", wall, cpu, None)]
    wall, cpu, theirs = best_of(1, lambda: named(instant_runoff_tb(data)))
    rows.append(_row(f"pref_voting: instant_runoff_tb, {n:,} ballots -> {theirs}", wall, cpu, None))
    wall, cpu, ours = best_of(3, lambda: ", ".join(irv(sample, seed=1).elected))
    rows.append(_row(f"Minutebook: irv, {n:,} ballots -> {ours}", wall, cpu, None))
    wall, cpu, theirs = best_of(1, lambda: named(beat_path(data, strength_function=data.support)))
    rows.append(_row(f"pref_voting: beat_path (winning votes) -> {theirs}", wall, cpu, None))
    wall, cpu, ours = best_of(3, lambda: ", ".join(schulze(sample, seed=1).elected))
    rows.append(_row(f"Minutebook: schulze, {n:,} ballots -> {ours}", wall, cpu, None))
    return rows


def main() -> None:
    started = time.perf_counter()
    rows = run()
    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'wall':>8}  {'cpu':>8}  {'target':>7}  ok")
    print("-" * (width + 34))
    for r in rows:
        target = "" if r["target"] is None else f"< {r['target']}"
        ok = "" if r["ok"] is None else ("yes" if r["ok"] else "NO")
        print(f"{r['name']:<{width}}  {r['figure']:>6.3f} s  {r['cpu']:>6.3f} s  {target:>7}  {ok}")
    print(
        f"\nBest of several runs; 'cpu' is processor time of this process. {SAMPLE:,} ballots for"
        f" pref_voting. Whole run (generation and setup included): "
        f"{time.perf_counter() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
