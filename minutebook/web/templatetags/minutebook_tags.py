"""Template filters shared by the pages: Markdown, the charter's rules in words, lookups."""

from __future__ import annotations

from django import template
from django.utils.http import urlencode

from minutebook.charter.closed_sessions import closed_session_words
from minutebook.charter.describe import threshold_words as _threshold_words
from minutebook.charter.motion_rules import motion_rules_words, readings_words
from minutebook.charter.selectors import charter_in_force
from minutebook.motions.rules import ordinal
from minutebook.web.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Render Markdown as sanitized HTML."""
    return render_markdown(text)


@register.filter
def threshold_words(threshold: str) -> str:
    return _threshold_words(threshold or "")


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: for dictionaries keyed by a variable."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def short_hash(value: str, length: int = 12) -> str:
    return (value or "")[:length]


@register.simple_tag
def query_with(params, **changes) -> str:
    """The query string `params` (a QueryDict) with `changes` applied; None removes a key."""
    merged = params.copy()
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(sorted(merged.lists()), doseq=True) if merged else "?"


@register.filter
def ordinal_number(number: int) -> str:
    """3 → "3rd"."""
    return ordinal(number)


@register.filter(name="motion_rules_words")
def motion_rules_in_words(rules) -> str:
    return motion_rules_words(rules)


@register.filter(name="closed_session_words")
def closed_session_in_words(rules) -> str:
    if rules is None:
        return ""
    names = {body.id: body.name for body in charter_in_force().bodies} if rules.readers else {}
    return closed_session_words(rules, names)


@register.filter(name="readings_words")
def readings_in_words(readings) -> str:
    return readings_words(readings)
