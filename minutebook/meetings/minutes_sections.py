"""The minutes are assembled from sections that each app contributes: the meetings app writes
attendance, agenda and documents; motions and votes, and the list of speakers, add their own.
An app registers its section function once, in its AppConfig.ready().

A section is written for one reader: it is given the agenda items taken in closed session
whose debate that reader may not read (`meetings.access.closed_items_hidden_from`), and leaves
out what the charter keeps from them; the decisions stay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MinutesSection:
    title: str
    markdown: str


# (meeting, the ids of the closed-session items kept from the reader) → sections
SectionFunction = Callable[["object", frozenset[int]], "list[MinutesSection]"]
_sections: list[tuple[int, str, SectionFunction]] = []


def register_minutes_section(order: int, name: str, function: SectionFunction) -> None:
    """`order` places the section (attendance 10, agenda 20, documents 30, debate 50, motions
    and votes 60, elections 70, decisions 80); registering the same name twice replaces it."""
    _sections[:] = [entry for entry in _sections if entry[1] != name]
    _sections.append((order, name, function))
    _sections.sort(key=lambda entry: entry[0])


def minutes_sections(meeting, *, hidden: frozenset[int] = frozenset()) -> list[MinutesSection]:
    sections: list[MinutesSection] = []
    for _order, _name, function in _sections:
        sections.extend(function(meeting, hidden))
    return sections
