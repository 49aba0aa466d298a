"""The charter page where the charter leaves values open: it says so, with no number."""

import pytest

from tests.factories import build_small_union, open_charter


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(open_charter(small_charter_text))


def test_the_charter_page_says_what_the_charter_does_not_fix(member_client):
    html = member_client.get("/charter/").content.decode()

    assert "<dt>Quorum</dt><dd>Not fixed by the charter</dd>" in html
    assert (
        "Meetings called with notice not fixed by the charter, documents sent with notice not "
        "fixed by the charter; an emergency meeting may be called with notice not fixed by the "
        "charter, declared by the Council"
    ) in html
    assert "Seats (their number not fixed by the charter) elected by the Council" in html
