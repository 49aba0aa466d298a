"""The names of the counting methods offered for elections, without importing the counters:
the charter's loader checks a seat rule's `method` against them."""

# The methods offered for elections (`votes.models.ElectionMethod` lists the same), which a
# charter may name as the method of a body's elected seats (`elected: {counted_by: meek-stv}`).
ELECTION_METHODS = (
    "plurality",
    "approval",
    "irv",
    "scottish-stv",
    "meek-stv",
    "wigm-stv",
    "warren-stv",
    "schulze",
)
