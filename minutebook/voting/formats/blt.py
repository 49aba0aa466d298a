"""The BLT ballot format (Hill, Wichmann & Woodall's ERS format, as extended by OpenSTV and droop).

    10 4                          candidates, seats
    -3                            optional: withdrawn candidates, as negative numbers
    [tie 3 1 2 ...]               optional droop options, see below
    8 1 0                         a ballot line: weight, preferences best first, 0
    2 1 2=3 4 0                   `=` ranks candidates equal
    (b17) 4 1 0                   a ballot id in parentheses instead of a weight (weight 1)
    0                             end of ballots
    "Daniel FRASER"               one quoted name per candidate, `""` for a quote inside
    "Kevin  LANG"                 kept verbatim, double spaces included
    "Ward 1 - Almond"             the title
    ...                           anything after the title is free text and ignored

`#` starts a comment that runs to the end of the line (outside quoted strings); a UTF-8 byte
order mark is ignored. The droop extensions understood are `[nick a b c ...]` (short names
that ballot lines may use instead of numbers), `[tie ...]` (an order for breaking ties, read
into `Profile.tie_order`), `[withdrawn ...]` (like negative numbers) and `[droop opt=val ...]`
(counting options, read into `Profile.options`); any other `[...]` is an error.

Droop's `[tie]` and `Profile.tie_order` list the same candidates, but droop applies its order by
picking the earliest tied candidate for whatever the rule is deciding (to exclude, or to transfer
first), while Minutebook reads `tie_order` as strongest first (the earliest is kept when
excluding). The order is read verbatim; the difference only shows where a rule excludes by it.

Each ballot sits on one line and ends with `0`: a line without its `0` is reported as an error
rather than silently joined with the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.voting.formats.errors import BallotFileError
from minutebook.voting.profile import Ballot, Profile, Ranking

_INTEGER = re.compile(r"[+-]?[0-9]+")
_COUNT = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class _Token:
    text: str
    line: int
    quoted: bool = False


class _Scanner:
    """Splits BLT text into tokens on demand, so the free text after the title is never read."""

    def __init__(self, text: str, source: str) -> None:
        self._lines = text.removeprefix("\ufeff").splitlines()
        self._source = source
        self._row = 0
        self._col = 0
        self._peeked: _Token | None = None
        self._ready: list[_Token] = []  # the rest of a line split in one go, last token first

    @property
    def last_line(self) -> int:
        return max(len(self._lines), 1)

    def line_words(self) -> tuple[list[str], int] | None:
        """The next non-blank line split into words, with its number, if none of it has been
        read and it holds no quotes or comments (the common case, a ballot line); else None."""
        if self._peeked is not None or self._ready or self._col:
            return None
        while self._row < len(self._lines) and not self._lines[self._row].strip():
            self._row += 1
        if self._row == len(self._lines):
            return None
        text = self._lines[self._row]
        if '"' in text or "#" in text:
            return None
        self._row += 1
        return text.split(), self._row

    def peek(self) -> _Token | None:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> _Token | None:
        token = self.peek()
        self._peeked = None
        return token

    def rest_of_line(self, line: int) -> list[_Token]:
        """The tokens left on `line`, without reading into the next line."""
        rest = []
        if self._peeked is not None:
            if self._peeked.line != line:
                return rest
            rest.append(self._peeked)
            self._peeked = None
        if self._ready:
            rest.extend(reversed(self._ready))
            self._ready = []
            return rest
        while self._row == line - 1 and (token := self._scan(within_row=True)) is not None:
            rest.append(token)
        return rest

    def _scan(self, within_row: bool = False) -> _Token | None:
        if self._ready:
            return self._ready.pop()
        while self._row < len(self._lines):
            text = self._lines[self._row]
            if self._col == 0 and not within_row and '"' not in text and "#" not in text:
                # the common case, a ballot line: split it whole
                self._row += 1
                self._ready = [_Token(word, self._row) for word in reversed(text.split())]
                if self._ready:
                    return self._ready.pop()
                continue
            while self._col < len(text) and text[self._col].isspace():
                self._col += 1
            if self._col >= len(text) or text[self._col] == "#":
                self._row += 1
                self._col = 0
                if within_row:
                    return None
                continue
            if text[self._col] == '"':
                return self._quoted(text)
            start = self._col
            while self._col < len(text) and not text[self._col].isspace():
                self._col += 1
            return _Token(text[start : self._col], self._row + 1)
        return None

    def _quoted(self, text: str) -> _Token:
        pieces = []
        position = self._col + 1
        while True:
            end = text.find('"', position)
            if end < 0:
                raise BallotFileError("unterminated quoted string", self._source, self._row + 1)
            pieces.append(text[position:end])
            if text.startswith('"', end + 1):  # "" stands for one quote
                pieces.append('"')
                position = end + 2
                continue
            self._col = end + 1
            return _Token("".join(pieces), self._row + 1, quoted=True)


class _BltReader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.tokens = _Scanner(text, source)
        self.n_candidates = 0
        self.seats = 0
        self.withdrawn: set[int] = set()
        self.nicknames: dict[str, int] = {}
        self.tie_order: tuple[int, ...] | None = None
        self.options: dict[str, str] = {}
        self.ballot_ids: set[str] = set()
        self.known_words: dict[str, int] = {}  # ballot words already read as one candidate

    def error(self, message: str, line: int | None) -> BallotFileError:
        return BallotFileError(message, self.source, line)

    def read(self) -> Profile:
        self._read_header()
        first = self._read_preamble()
        ballots = self._read_ballots(first)
        names = self._read_names()
        title = self._read_title(len(names))
        return Profile(
            candidates=tuple(names),
            ballots=tuple(ballots),
            seats=self.seats,
            title=title,
            withdrawn=frozenset(self.withdrawn),
            tie_order=self.tie_order,
            options=self.options,
        )

    def _read_count(self, what: str) -> int:
        token = self.tokens.next()
        if token is None:
            raise self.error(f"unexpected end of file: expected the number of {what}", 1)
        if token.quoted or not _COUNT.fullmatch(token.text):
            raise self.error(f"expected the number of {what}, found {token.text!r}", token.line)
        value = int(token.text)
        if value < 1:
            raise self.error(f"the number of {what} must be at least 1", token.line)
        return value

    def _read_header(self) -> None:
        self.n_candidates = self._read_count("candidates")
        self.seats = self._read_count("seats")
        self.singles = [(index,) for index in range(self.n_candidates)]

    def _read_preamble(self) -> _Token:
        """Withdrawn candidates and options, up to the first ballot line (returned)."""
        while True:
            token = self.tokens.next()
            if token is None:
                raise self.error(
                    "unexpected end of file: missing the ballots", self.tokens.last_line
                )
            if token.quoted:
                raise self.error("missing the 0 line that ends the ballots", token.line)
            if token.text.startswith("["):
                self._read_option(token)
            elif token.text.startswith("-") and _INTEGER.fullmatch(token.text):
                self.withdrawn.add(self._candidate_index(token.text[1:], token.line))
            else:
                return token

    def _read_option(self, opening: _Token) -> None:
        name = opening.text[1:]
        values: list[str] = []
        closed = name.endswith("]")
        name = name.removesuffix("]")
        while not closed:
            token = self.tokens.next()
            if token is None:
                raise self.error(f"option [{name} is not closed with ]", opening.line)
            closed = token.text.endswith("]")
            value = token.text.removesuffix("]")
            if value:
                values.append(value)
        if name == "nick":
            self._read_nicknames(values, opening.line)
        elif name == "tie":
            order = [self._candidate_index(value, opening.line) for value in values]
            if sorted(order) != list(range(self.n_candidates)):
                raise self.error("[tie] must list each candidate exactly once", opening.line)
            self.tie_order = tuple(order)
        elif name == "withdrawn":
            self.withdrawn.update(self._candidate_index(value, opening.line) for value in values)
        elif name == "droop":
            for value in values:
                key, _, setting = value.partition("=")
                self.options[key] = setting
        else:
            raise self.error(f"unknown option [{name}]", opening.line)

    def _read_nicknames(self, values: list[str], line: int) -> None:
        if len(values) != self.n_candidates:
            raise self.error(
                f"[nick] must give one nickname per candidate ({len(values)} for "
                f"{self.n_candidates} candidates)",
                line,
            )
        if len(set(values)) != len(values):
            raise self.error("[nick] lists the same nickname twice", line)
        self.nicknames = {nick: index for index, nick in enumerate(values)}

    def _candidate_index(self, text: str, line: int) -> int:
        """0-based index of a candidate written as a 1-based number or a nickname."""
        if _INTEGER.fullmatch(text):
            number = int(text)
            if not 1 <= number <= self.n_candidates:
                raise self.error(
                    f"candidate index {number} out of range ({self.n_candidates} candidates)", line
                )
            return number - 1
        if text in self.nicknames:
            return self.nicknames[text]
        if self.nicknames:
            raise self.error(f"unknown candidate {text!r}", line)
        raise self.error(f"non-numeric token {text!r} where a candidate number belongs", line)

    def _read_ballots(self, first: _Token) -> list[Ballot]:
        ballots = []
        words, line = self._line_of(first)
        while True:
            weight, ranking_words = self._read_weight(words, line)
            if weight == 0:
                if len(words) > 1:
                    raise self.error(
                        f"unexpected {words[1]!r} after the 0 that ends the ballots", line
                    )
                return ballots
            ballots.append(Ballot(self._read_ranking(ranking_words, line), weight))
            fast = self.tokens.line_words()
            if fast is not None:
                words, line = fast
                continue
            token = self.tokens.next()
            if token is None:
                raise self.error(
                    "unexpected end of file: missing the 0 line that ends the ballots",
                    self.tokens.last_line,
                )
            words, line = self._line_of(token)

    def _line_of(self, token: _Token) -> tuple[list[str], int]:
        """The words of a ballot line that starts with `token`."""
        if token.quoted:
            raise self.error("missing the 0 line that ends the ballots", token.line)
        words = [token.text]
        for following in self.tokens.rest_of_line(token.line):
            if following.quoted:
                raise self.error(f"quoted text {following.text!r} inside a ballot", token.line)
            words.append(following.text)
        return words, token.line

    def _read_weight(self, words: list[str], line: int) -> tuple[int, list[str]]:
        """The weight of a ballot line and the words after it: a ballot id `(...)` counts 1."""
        first = words[0]
        if first.startswith("("):
            end = next((i for i, word in enumerate(words) if word.endswith(")")), None)
            if end is None:
                raise self.error("ballot id is not closed with )", line)
            ballot_id = " ".join(words[: end + 1])[1:-1].strip()
            if ballot_id in self.ballot_ids:
                raise self.error(f"duplicate ballot id ({ballot_id})", line)
            self.ballot_ids.add(ballot_id)
            return 1, words[end + 1 :]
        if _COUNT.fullmatch(first):
            return int(first), words[1:]
        if _looks_numeric(first):
            raise self.error(f"ballot weight {first!r} must be a whole number of ballots", line)
        raise self.error(f"non-numeric token {first!r} where a ballot weight belongs", line)

    def _read_ranking(self, words: list[str], line: int) -> Ranking:
        if "0" not in words:
            raise self.error("ballot does not end with 0", line)
        end = words.index("0")
        if end != len(words) - 1:
            raise self.error(
                f"unexpected {words[end + 1]!r} after the 0 that ends the ballot", line
            )
        ranking: list[tuple[int, ...]] = []
        seen: set[int] = set()
        known = self.known_words
        for word in words[:end]:
            index = known.get(word)
            if index is not None:  # the common case: a plain candidate number seen before
                if index in seen:
                    raise self.error(f"candidate {index + 1} ranked twice on one ballot", line)
                seen.add(index)
                ranking.append(self.singles[index])
                continue
            group = []
            for part in word.split("="):
                if not part:
                    raise self.error(f"empty rank in {word!r}", line)
                index = self._candidate_index(part, line)
                if index in seen:
                    raise self.error(f"candidate {index + 1} ranked twice on one ballot", line)
                seen.add(index)
                group.append(index)
            if len(group) == 1:
                known[word] = group[0]
                # one shared tuple per candidate keeps a million-ballot profile small
                ranking.append(self.singles[group[0]])
            else:
                ranking.append(tuple(group))
        return tuple(ranking)

    def _read_names(self) -> list[str]:
        names = []
        while len(names) < self.n_candidates:
            token = self.tokens.peek()
            if token is None or not token.quoted:
                line = self.tokens.last_line if token is None else token.line
                raise self.error(
                    f"expected {self.n_candidates} quoted candidate names, found {len(names)}", line
                )
            names.append(self.tokens.next().text)
        return names

    def _read_title(self, n_names: int) -> str:
        token = self.tokens.peek()
        if token is None or not token.quoted:
            line = self.tokens.last_line if token is None else token.line
            raise self.error(
                f"missing title: expected a quoted title after the {n_names} names", line
            )
        return token.text


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_blt(text: str, source: str = "<blt>") -> Profile:
    """Read a BLT file's text into a Profile; `source` names the file in error messages."""
    return _BltReader(text, source).read()


def _quote(text: str, what: str) -> str:
    if text.splitlines() not in ([], [text]):
        raise ValueError(f"a BLT {what} cannot contain a line break: {text!r}")
    return '"' + text.replace('"', '""') + '"'


def write_blt(profile: Profile) -> str:
    """The profile as BLT text; `read_blt(write_blt(p))` gives `p` back (options included)."""
    lines = [f"{len(profile.candidates)} {profile.seats}"]
    if profile.withdrawn:
        lines.append(" ".join(f"-{index + 1}" for index in sorted(profile.withdrawn)))
    if profile.tie_order is not None:
        lines.append("[tie " + " ".join(str(index + 1) for index in profile.tie_order) + "]")
    if profile.options:
        settings = []
        for key, value in profile.options.items():
            setting = f"{key}={value}" if value else key
            if not key or "=" in key or any(c.isspace() or c in "[]#" for c in setting):
                raise ValueError(f"droop option {setting!r} cannot be written to a BLT file")
            settings.append(setting)
        lines.append("[droop " + " ".join(settings) + "]")
    for ballot in profile.ballots:
        if ballot.weight < 1:
            raise ValueError(f"BLT ballot weights are positive whole numbers, not {ballot.weight}")
        ranks = ["=".join(str(index + 1) for index in group) for group in ballot.ranking]
        lines.append(" ".join([str(ballot.weight), *ranks, "0"]))
    lines.append("0")
    lines.extend(_quote(name, "candidate name") for name in profile.candidates)
    lines.append(_quote(profile.title, "title"))
    return "\n".join(lines) + "\n"
