"""Single transferable vote, counted exactly: Scottish STV, the Proportional Representation
Foundation's reference WIGM and Meek rules, and Warren STV (the Meek count with Warren's rule
for what a candidate keeps of a ballot, `warren`).

Each rule works in integers scaled to its decimal places (5 for Scottish STV, 4 for WIGM, 9 for
Meek), truncating or rounding exactly where its text says, so a count reproduces the official or
reference figures to the last digit. Ballots are held as NumPy arrays (see `papers`), which keeps
a 10,000-ballot ward to a few milliseconds and a million ballots to about a second.

Every count returns a `CountResult` whose rounds are the rule's stages (Scottish STV) or rounds
(WIGM, Meek), the first being the first preferences. In each `Round`: `votes` holds the
candidates not excluded at an earlier stage (elected ones included), `exhausted` the value of
papers with no further preference (the Order's non-transferable papers; for Meek the weight
left on ballots), `loss` the value lost to truncation, `transfers` each candidate's change in
the stage, `keep_factors` the Meek keep factors. Ties a rule leaves to chance are broken by the
profile's `tie_order` or by a seeded lot; the seed and every tie decision are in `tie_seed` and
`ties_broken`. Ballots must rank candidates strictly (ValueError otherwise).
"""

from minutebook.voting.stv.meek import meek_stv
from minutebook.voting.stv.scottish import scottish_stv
from minutebook.voting.stv.warren import warren_stv
from minutebook.voting.stv.wigm import wigm_stv

__all__ = ["meek_stv", "scottish_stv", "warren_stv", "wigm_stv"]
