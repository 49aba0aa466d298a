"""The charter pages: the charter in force, its history, any earlier version, the unit tree."""

from __future__ import annotations

import difflib

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minutebook.bodies.access import require_insider, visible_body_ids
from minutebook.charter.describe import body_rules, citations, decision_type_rules
from minutebook.charter.petitions import describe_kind
from minutebook.charter.selectors import (
    charter_version_by_number,
    charter_version_in_force,
    charter_versions,
    previous_charter_version,
    unit_tree,
    unit_tree_flat,
)


def _charter_context(version) -> dict:
    charter = version.charter
    return {
        "version": version,
        "charter": charter,
        "citations": citations(charter),
        "body_rules": [body_rules(charter, body) for body in charter.bodies],
        "type_rules": [decision_type_rules(charter, spec) for spec in charter.decision_types],
        "petition_rules": [(kind, describe_kind(charter, kind)) for kind in charter.petitions],
    }


@login_required
def charter_page(request):
    require_insider(request.user)
    version = charter_version_in_force()
    context = _charter_context(version)
    context["in_force"] = True
    context["visible_body_ids"] = visible_body_ids(request.user)
    return render(request, "charter/charter.html", context)


@login_required
def version_list(request):
    require_insider(request.user)
    return render(
        request,
        "charter/versions.html",
        {
            "versions": charter_versions(),
            "in_force": charter_version_in_force(),
            "visible_body_ids": visible_body_ids(request.user),
        },
    )


@login_required
def version_detail(request, number: int):
    require_insider(request.user)
    version = charter_version_by_number(number)
    previous = previous_charter_version(version)
    context = _charter_context(version)
    context.update(
        {
            "in_force": version == charter_version_in_force(),
            "previous": previous,
            "diff": _diff(previous, version) if previous else None,
            "visible_body_ids": visible_body_ids(request.user),
        }
    )
    return render(request, "charter/version.html", context)


def _diff(previous, version) -> list[tuple[str, str]]:
    """The YAML of `version` against `previous`, as (kind, line) pairs for the template."""
    lines = difflib.unified_diff(
        previous.source_text.splitlines(),
        version.source_text.splitlines(),
        fromfile=f"version {previous.number}",
        tofile=f"version {version.number}",
        lineterm="",
    )
    kinds = {"+": "added", "-": "removed", "@": "hunk"}
    return [
        ("header" if line.startswith(("---", "+++")) else kinds.get(line[:1], "same"), line)
        for line in lines
    ]


@login_required
def unit_tree_page(request):
    require_insider(request.user)
    roots = unit_tree()
    return render(request, "charter/units.html", {"roots": roots, "rows": unit_tree_flat(roots)})
