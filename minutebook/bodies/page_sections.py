"""Sections that apps above this one add to a body's page (the obligations app: what the body
owes and what is overdue), so that this app imports none of them. An app registers its
section function once, in its AppConfig.ready(); the function gets the request and the body
and returns a section, or None when it has nothing to show to this viewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString

from minutebook.bodies.models import Body


@dataclass(frozen=True)
class BodySection:
    """`html` is the section, rendered; `alert` a short warning shown among the body's facts
    ("2 overdue obligations"), empty when there is none."""

    html: SafeString
    alert: str = ""
    alert_url: str = ""


SectionFunction = Callable[[HttpRequest, Body], BodySection | None]
_sections: list[tuple[int, str, SectionFunction]] = []


def register_body_section(order: int, name: str, function: SectionFunction) -> None:
    """`order` places the section after the body's meetings and before its decisions (the
    obligations section is 50); registering the same name twice replaces it."""
    _sections[:] = [entry for entry in _sections if entry[1] != name]
    _sections.append((order, name, function))
    _sections.sort(key=lambda entry: entry[0])


def body_sections(request: HttpRequest, body: Body) -> list[BodySection]:
    found = (function(request, body) for _order, _name, function in _sections)
    return [section for section in found if section is not None]
