"""Condorcet methods: the pairwise matrix, Schulze and ranked pairs.

`d[a][b]` is the total weight of ballots that rank a strictly above b. A ballot ranks every
candidate it names above every candidate it leaves out; candidates in the same group, and
candidates it leaves out, are tied on it and count for neither. Withdrawn candidates are
dropped from every ballot (their rows and columns of the matrix are zero).

Both methods give a full ranking (groups of equals allowed) and elect its top `seats`
candidates. The ranking is the method's own: a tie in it that decides who is elected is broken
by the ballot file's tie order, else by lot with the seed recorded in the result. (Schulze
suggests breaking such ties with a ranking built from ballots drawn at random; a draw among
the tied candidates themselves is simpler to explain and equally reproducible from the seed.)
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Literal

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult
from minutebook.voting.tally import (
    BallotMatrix,
    TieBreaker,
    compile_ballots,
    elect_top,
    resolve_seats,
    to_int,
    withdrawn_note,
)

Strength = Literal["winning", "margin", "ratio"]
STRENGTHS: tuple[str, ...] = ("winning", "margin", "ratio")


def pairwise_matrix(profile: Profile, ballots: BallotMatrix | None = None) -> np.ndarray:
    """The matrix d (int64, candidates × candidates, zero diagonal) of the profile; `ballots`
    is the profile's compiled matrix when the caller already has it."""
    d = _pairwise(compile_ballots(profile) if ballots is None else ballots)
    out = sorted(profile.withdrawn)
    d[out, :] = 0
    d[:, out] = 0
    return d


def _pairwise(ballots: BallotMatrix) -> np.ndarray:
    """d[x][y] = B[x][y] + (ranked[x] - both[x][y]), where B counts ballots that rank both and put
    x in an earlier group, `ranked[x]` those that rank x, and both[x][y] those that rank both.

    Only pairs of places on the same ballot are visited, so the work is the sum of L(L-1)/2 over
    the distinct rankings (L = ranking length), not ballots × candidates²: short ballots are
    cheap. Each place j is paired with all earlier places in one np.bincount."""
    n = ballots.n_candidates
    weights = ballots.exact_float_weights
    order = np.argsort(-ballots.lengths, kind="stable")
    slots = ballots.slots[order].astype(np.int64)
    groups = ballots.groups[order]
    weights = weights[order]
    lengths = ballots.lengths[order]
    # Without groups of equals, a ranking's group numbers are just its place numbers.
    has_ties = bool(
        (ballots.groups[:, 1:] == ballots.groups[:, :-1])[ballots.slots[:, 1:] >= 0].any()
    )
    ranked = np.zeros(n)
    before = np.zeros(n * n)
    both = np.zeros(n * n)
    for j in range(slots.shape[1] - 1):
        rows = int(np.count_nonzero(lengths > j))  # rankings at least j+1 long come first
        if rows == 0:
            break
        w = weights[:rows]
        ranked += np.bincount(slots[:rows, j], weights=w, minlength=n)
        if j == 0:
            continue
        codes = slots[:rows, :j] * n + slots[:rows, j : j + 1]  # earlier place x, place j y
        wide = np.broadcast_to(w[:, None], codes.shape)
        counts = np.bincount(codes.ravel(), weights=wide.ravel(), minlength=n * n)
        both += counts
        if not has_ties:  # every earlier place is an earlier group
            before += counts
            continue
        strict = groups[:rows, :j] < groups[:rows, j : j + 1]
        before += np.bincount(codes[strict], weights=wide[strict], minlength=n * n)
    before_m = to_int(before).reshape(n, n)
    both_m = to_int(both).reshape(n, n)
    both_m = both_m + both_m.T
    d = before_m + to_int(ranked)[:, None] - both_m
    np.fill_diagonal(d, 0)
    return d


def link_strengths(d: np.ndarray, strength: Strength = "winning") -> list[list]:
    """The strength of each pairwise defeat, for comparing defeats (0 where a does not beat b).

    - "winning" (winning votes, Schulze's default): d[a][b] when d[a][b] > d[b][a].
    - "margin": d[a][b] - d[b][a] when positive.
    - "ratio": d[a][b] / d[b][a] as an exact Fraction; a defeat with no votes against is
      stronger than any finite ratio (Schulze 2011 §2.1 compares by cross-multiplying, under
      which all such defeats are equal); it is written here as the float infinity.

    The three agree whenever every ballot ranks every candidate; they differ with truncated
    or tied ballots (Schulze's example 7)."""
    if strength not in STRENGTHS:
        raise ValueError(f"strength must be one of {', '.join(STRENGTHS)}, not {strength!r}")
    n = len(d)
    table: list[list] = [[0] * n for _ in range(n)]
    for a in range(n):
        for b in range(n):
            win, loss = int(d[a][b]), int(d[b][a])
            if a == b or win <= loss:
                continue
            if strength == "winning":
                table[a][b] = win
            elif strength == "margin":
                table[a][b] = win - loss
            else:
                table[a][b] = Fraction(win, loss) if loss else float("inf")
    return table


def strongest_paths(d: np.ndarray, strength: Strength = "winning") -> list[list]:
    """Schulze's p[a][b]: the strength of the strongest path from a to b, a path's strength
    being that of its weakest link (Floyd–Warshall widest paths). Diagonal 0."""
    p = link_strengths(d, strength)
    n = len(p)
    if strength != "ratio":
        widest = np.array(p, dtype=np.int64).reshape(n, n)
        for k in range(n):
            widest = np.maximum(widest, np.minimum(widest[:, k : k + 1], widest[k : k + 1, :]))
        np.fill_diagonal(widest, 0)
        return widest.tolist()
    for k in range(n):
        for a in range(n):
            if a == k or not p[a][k]:
                continue
            for b in range(n):
                if b != a and b != k:
                    p[a][b] = max(p[a][b], min(p[a][k], p[k][b]))
    return p


def _layers(candidates: list[int], beats: Callable[[int, int], bool]) -> list[list[int]]:
    """Rank a strict partial order: repeatedly take the candidates nobody remaining beats."""
    remaining = list(candidates)
    layers = []
    while remaining:
        top = [c for c in remaining if not any(beats(o, c) for o in remaining if o != c)]
        if not top:  # cannot happen for an acyclic relation; guard against an endless loop
            raise AssertionError("ranking relation has a cycle")
        layers.append(top)
        remaining = [c for c in remaining if c not in top]
    return layers


def schulze(
    profile: Profile,
    seats: int | None = None,
    seed: int | None = None,
    strength: Strength = "winning",
) -> CountResult:
    """The Schulze method (beat-path). a ranks above b when the strongest path from a to b is
    stronger than the one from b to a; Schulze proved this order transitive, so it is a ranking
    with groups of equals. Elects its top `seats` candidates (default: the profile's seats).

    `strength` is how a pairwise defeat is measured: "winning" votes (default, as Schulze
    recommends), "margin", or "ratio" (see `link_strengths`)."""
    seats = resolve_seats(profile, seats)
    breaker = TieBreaker(profile, seed)
    d = pairwise_matrix(profile)
    p = strongest_paths(d, strength)
    standing = list(profile.continuing)
    ranking = _layers(standing, lambda a, b: p[a][b] > p[b][a])
    elected = elect_top(ranking, seats, breaker, "Tie in the Schulze ranking")
    return _result(
        profile,
        "schulze",
        seats,
        elected,
        ranking,
        d,
        breaker,
        [f"Defeat strength: {strength}."],
    )


def ranked_pairs(
    profile: Profile,
    seats: int | None = None,
    seed: int | None = None,
    strength: Literal["winning", "margin"] = "winning",
) -> CountResult:
    """Ranked pairs (Tideman). Pairwise defeats are taken strongest first and each is locked in
    unless it would make a cycle with those already locked; the ranking follows the locked
    defeats. Elects its top `seats` candidates (default: the profile's seats).

    Defeats are ordered by `strength` ("winning" votes by default, or "margin"), then by the
    other measure (a defeat with fewer votes against comes first). Tideman's rule leaves the
    order of defeats still equal in both to a tie-breaking ranking of candidates (TBRC). That
    order matters only when the equal defeats conflict (locking them in different orders would
    lock different sets); only then is a TBRC taken: the ballot file's tie order when it has
    one, else a ranking drawn by lot with the recorded seed. Of the published ways to apply a
    TBRC this count uses the plainest: the defeat whose winner ranks higher in the TBRC first,
    and between defeats with the same winner, the one whose loser ranks lower. Pairs with
    equal votes either way are not defeats and are never locked, so their candidates may end
    up equal in the ranking."""
    if strength not in ("winning", "margin"):
        raise ValueError(f"strength must be winning or margin, not {strength!r}")
    seats = resolve_seats(profile, seats)
    breaker = TieBreaker(profile, seed)
    d = pairwise_matrix(profile)
    standing = list(profile.continuing)
    n = len(profile.candidates)

    def key(pair: tuple[int, int]) -> tuple[int, int]:
        win, loss = int(d[pair]), int(d[pair[::-1]])
        return (win, win - loss) if strength == "winning" else (win - loss, win)

    defeats = [(a, b) for a in standing for b in standing if d[a][b] > d[b][a]]
    by_key: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pair in sorted(defeats, key=key, reverse=True):
        by_key.setdefault(key(pair), []).append(pair)

    reach = np.eye(n, dtype=bool)  # reach[x][y]: x over y through locked defeats
    locked: set[tuple[int, int]] = set()
    tbrc: list[int] | None = None
    for (first, second), group in by_key.items():
        open_pairs = [(a, b) for a, b in group if not reach[b, a]]
        if _conflict(reach, open_pairs):
            if tbrc is None:
                tbrc = breaker.order(standing, "Tie-breaking ranking of candidates")
            place = {c: i for i, c in enumerate(tbrc)}
            open_pairs.sort(key=lambda pair: (place[pair[0]], -place[pair[1]]))
            pairs = ", ".join(
                f"{profile.candidates[a]}>{profile.candidates[b]}" for a, b in open_pairs
            )
            breaker.record.append(
                f"Defeats {pairs} are equally strong ({first}, {second}) and conflict: "
                "locked in the order of the tie-breaking ranking of candidates"
            )
        for a, b in open_pairs:
            if not reach[b, a]:
                locked.add((a, b))
                reach |= np.outer(reach[:, a], reach[b, :])
    ranking = _layers(standing, lambda a, b: (a, b) in locked)
    elected = elect_top(ranking, seats, breaker, "Tie in the ranked-pairs ranking")
    skipped = len(defeats) - len(locked)
    notes = [
        f"Defeat strength: {strength}. Locked {len(locked)} of {len(defeats)} defeats"
        + (f"; skipped {skipped} that would have made a cycle." if skipped else ".")
    ]
    return _result(profile, "ranked-pairs", seats, elected, ranking, d, breaker, notes)


def _conflict(reach: np.ndarray, pairs: list[tuple[int, int]]) -> bool:
    """Would locking `pairs` (each acyclic on its own) in some order skip one of them?
    Exactly when locking them all together makes a cycle."""
    if len(pairs) < 2:
        return False
    trial = reach.copy()
    for a, b in pairs:
        if trial[b, a]:
            return True
        trial |= np.outer(trial[:, a], trial[b, :])
    return False


def _result(
    profile: Profile,
    method: str,
    seats: int,
    elected: list[int],
    ranking: list[list[int]],
    d: np.ndarray,
    breaker: TieBreaker,
    notes: list[str],
) -> CountResult:
    names = profile.candidates
    return CountResult(
        method=method,
        seats=seats,
        candidates=list(names),
        elected=[names[c] for c in elected],
        ranking=[[names[c] for c in group] for group in ranking],
        pairwise=d.tolist(),
        tie_seed=breaker.seed,
        ties_broken=breaker.record,
        notes=withdrawn_note(profile) + notes,
    )
