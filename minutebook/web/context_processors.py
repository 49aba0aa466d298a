"""What every page's layout needs: the organization's name, the navigation, who is logged in."""

from __future__ import annotations

import functools

from django.urls import reverse

from minutebook.bodies.access import is_administrator, member_of
from minutebook.charter.selectors import NoCharter, charter_in_force

# (label, url name, path prefix of the section)
SECTIONS = (
    ("At a glance", "home", "/"),
    ("Ledger", "ledger:decisions", "/decisions/"),
    ("Obligations", "obligations:list", "/obligations/"),
    ("Bodies", "bodies:list", "/bodies/"),
    ("Ballots", "ballots:list", "/ballots/"),
    ("Units", "charter:units", "/units/"),
    ("Members", "members:roll", "/members/"),
    ("Petitions", "petitions:list", "/petitions/"),
    ("Requests", "member_requests:list", "/requests/"),
    ("Charter", "charter:charter", "/charter/"),
)
ADMIN_SECTIONS = (("Journal", "journal:entries", "/journal/"),)


def _organization_name() -> str:
    try:
        return charter_in_force().name
    except NoCharter:
        return "Minutebook"


def _current(path: str, url: str, prefix: str) -> str | None:
    """aria-current: "page" on the section's own page, "true" further inside the section."""
    if path == url:
        return "page"
    if prefix != "/" and path.startswith(prefix):
        return "true"
    return None


def layout(request) -> dict:
    user = getattr(request, "user", None)
    # Called by the template only if it shows the name, and then read once per page.
    context: dict = {"organization_name": functools.cache(_organization_name)}
    if user is None or not user.is_authenticated:
        return context
    administrator = is_administrator(user)
    member = member_of(user)
    sections = SECTIONS + (ADMIN_SECTIONS if administrator else ())
    nav = []
    for label, name, prefix in sections:
        url = reverse(name)
        nav.append({"label": label, "url": url, "current": _current(request.path, url, prefix)})
    context.update(
        {
            "nav": nav,
            "viewer_member": member,
            "viewer_is_admin": administrator,
            "viewer_name": member.full_name if member else user.get_username(),
        }
    )
    return context
