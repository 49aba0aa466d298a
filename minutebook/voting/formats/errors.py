"""The one error every ballot-file reader raises, so callers can point at the offending line."""

from __future__ import annotations


class BallotFileError(ValueError):
    """A ballot file that cannot be read. `str()` reads like a compiler message:
    `ward.blt:17: candidate index 12 out of range (10 candidates)`."""

    def __init__(self, message: str, source: str, line: int | None = None) -> None:
        self.message = message
        self.source = source
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"

    def __reduce__(self):  # keep the three arguments when pickled (e.g. by pytest-xdist)
        return (type(self), (self.message, self.source, self.line))
