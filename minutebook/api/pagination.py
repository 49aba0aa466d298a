"""Lists are paged by `limit` and `offset`, and say how many items there are in all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 200


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="How many items to return")
    offset: int = Field(0, ge=0, description="How many items to skip")


def paginate(
    queryset: QuerySet, params: PageParams, build: Callable[[Any], Any] = lambda item: item
) -> dict:
    """One count query and one query (plus its prefetches) for the page, however long the list."""
    items = queryset[params.offset : params.offset + params.limit]
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [build(item) for item in items],
    }
