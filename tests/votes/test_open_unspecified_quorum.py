"""Opening a vote where the charter fixes no quorum (the General Assembly under
tests/factories.py:open_charter): one delegate present is enough, the vote is regular, and it
records that no quorum was required."""

import pytest

from minutebook.votes.services import vote_open
from tests.api.conftest import Api
from tests.factories import build_small_union, open_charter
from tests.motions.world import admitted, check_in, make_meeting


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(open_charter(small_charter_text))


def test_a_vote_opens_with_one_present(org, clock):
    meeting = make_meeting(org, chair="east-delegate-0")
    check_in(org, meeting, "east-delegate-0")
    motion = admitted(org, meeting)

    vote = vote_open(
        actor=org.user("east-delegate-0"), meeting=meeting, method="named", motion=motion
    )

    assert (vote.present, vote.quorum_required, vote.irregular) == (1, None, False)
    out = Api(org.user("east-member")).get(f"/votes/{vote.pk}").json()
    assert out["quorum_required"] is None
    page = Api(org.user("east-member")).client.get(f"/votes/{vote.pk}/").content.decode()
    assert "quorum not fixed by the charter (not checked)" in page
