"""The ballot page's htmx cast answered without Django's request cycle
(`minutebook.ballots.cast_endpoint`): the same answers and guarantees as the view, and
whatever is not a plain signed-in cast answered by Django itself."""

from __future__ import annotations

import asyncio
import re

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core.handlers.asgi import ASGIHandler
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from minutebook.ballots import cast_endpoint
from minutebook.ballots.cast_endpoint import BallotCastEndpoint
from minutebook.ballots.models import BallotPaper, BallotParticipation, NamedBallotVote
from minutebook.votes.receipts import receipt_hash
from tests.ballots.world import REFERENDUM_ELECTORATE, open_circular, open_referendum

# Django's own request cycle, to which the endpoint hands what is not plain, reads the session
# in a thread of its own: the world must be committed for it to see.
pytestmark = pytest.mark.django_db(transaction=True)

RECEIPT = re.compile(r'receipt-code">([0-9A-Z-]{24})<')


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Phone:
    """What the ballot page's htmx sends: the session and CSRF cookies, the page's (masked)
    CSRF token in the header and in the form."""

    def __init__(self, session: str | None):
        self.session = session
        self.csrf_secret = _get_new_csrf_string()
        self.token = _mask_cipher_secret(self.csrf_secret)

    def scope(self, path: str, body: bytes, *, htmx=True, token=None, origin=None) -> dict:
        cookies = f"csrftoken={self.csrf_secret}"
        if self.session:
            cookies += f"; sessionid={self.session}"
        headers = [
            (b"host", b"testserver"),
            (b"cookie", cookies.encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", str(len(body)).encode()),
            (b"x-csrftoken", (token if token is not None else self.token).encode()),
        ]
        if htmx:
            headers += [(b"hx-request", b"true"), (b"hx-target", b"your-vote")]
        if origin:
            headers.append((b"origin", origin.encode()))
        return {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 40000),
            "headers": headers,
        }

    def form(self, choice: str) -> bytes:
        return f"csrfmiddlewaretoken={self.token}&choice={choice}".encode()


async def _press(app, scope: dict, body: bytes) -> dict:
    communicator = ApplicationCommunicator(app, scope)
    await communicator.send_input({"type": "http.request", "body": body, "more_body": False})
    start = await communicator.receive_output(timeout=10)
    content = b""
    while True:
        part = await communicator.receive_output(timeout=10)
        content += part.get("body", b"")
        if not part.get("more_body"):
            break
    await communicator.wait(timeout=10)
    headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    return {"status": start["status"], "headers": headers, "text": content.decode()}


@pytest.fixture
def app():
    return BallotCastEndpoint(ASGIHandler())


@pytest.fixture
def seen_by_django(monkeypatch):
    """The requests the endpoint hands to Django's request cycle."""
    seen = []
    original = ASGIHandler.__call__

    async def counting(self, scope, receive, send):
        seen.append(scope["path"])
        return await original(self, scope, receive, send)

    monkeypatch.setattr(ASGIHandler, "__call__", counting)
    return seen


def press(app, phone: Phone, ballot_id: int, choice: str = "for", **options) -> dict:
    path = reverse("ballots:cast", args=[ballot_id])
    body = options.pop("body", None) or phone.form(choice)
    return async_to_sync(_press)(app, phone.scope(path, body, **options), body)


def press_together(app, presses: list[tuple[Phone, int, str]]) -> list[dict]:
    async def all_at_once():
        return await asyncio.gather(
            *(
                _press(
                    app,
                    phone.scope(reverse("ballots:cast", args=[pk]), phone.form(c)),
                    phone.form(c),
                )
                for phone, pk, c in presses
            )
        )

    return async_to_sync(all_at_once)()


def test_a_voter_is_answered_with_the_fragment_and_their_receipt_once(
    org, clock, app, seen_by_django
):
    ballot = open_referendum(org, clock)
    phone = Phone(session_of(org.user("east-member")))

    answer = press(app, phone, ballot.pk, "against")

    assert answer["status"] == 200 and seen_by_django == []
    assert "Your vote is recorded" in answer["text"] and "<html" not in answer["text"]
    code = RECEIPT.search(answer["text"])[1]
    paper = BallotPaper.objects.get(ballot=ballot)
    assert (paper.receipt_hash, paper.choice) == (receipt_hash(code), "against")
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1
    assert "set-cookie" not in answer["headers"]  # nothing kept in the session

    second = press(app, phone, ballot.pk, "for")

    assert second["status"] == 200 and seen_by_django == []
    assert "already voted" in second["text"] and "receipt-code" not in second["text"]
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1


def test_the_answer_has_the_headers_djangos_answer_has(org, clock, app):
    ballot = open_referendum(org, clock)
    fast = press(app, Phone(session_of(org.user("east-member"))), ballot.pk)
    slow = press(ASGIHandler(), Phone(session_of(org.user("west-member"))), ballot.pk)

    assert "receipt-code" in fast["text"] and "receipt-code" in slow["text"]
    changing = {"date", "expires"}
    assert {k: v for k, v in fast["headers"].items() if k not in changing} == {
        k: v for k, v in slow["headers"].items() if k not in changing
    }
    assert "no-store" in fast["headers"]["cache-control"]
    assert fast["headers"]["vary"] == "Cookie"


def test_voters_pressing_together_are_cast_together_each_with_only_their_own_receipt(
    org, clock, monkeypatch
):
    ballot = open_referendum(org, clock)
    batches = []
    cast_many = cast_endpoint._cast_many

    async def recording(casts):
        batches.append(len(casts))
        return await cast_many(casts)

    monkeypatch.setattr(cast_endpoint, "_cast_many", recording)
    app = BallotCastEndpoint(ASGIHandler())
    keys = sorted(REFERENDUM_ELECTORATE)
    phones = [Phone(session_of(org.user(key))) for key in keys]
    choices = ["for", "against", "abstain"]

    answers = press_together(
        app, [(phone, ballot.pk, choices[n % 3]) for n, phone in enumerate(phones)]
    )

    codes = [RECEIPT.findall(answer["text"]) for answer in answers]
    assert all(len(found) == 1 for found in codes), codes  # one code each, their own
    codes = [found[0] for found in codes]
    assert len(set(codes)) == len(keys) == 13
    papers = dict(BallotPaper.objects.filter(ballot=ballot).values_list("receipt_hash", "choice"))
    assert {receipt_hash(code): choices[n % 3] for n, code in enumerate(codes)} == papers
    assert sum(batches) == 13 and len(batches) <= 2  # the first alone, the rest together


def test_a_member_not_on_the_electorate_is_refused_by_django_with_a_403(
    org, clock, app, seen_by_django
):
    """The council's circular resolution: members see it, only its seat holders vote."""
    ballot = open_circular(org, clock)

    refused = press(app, Phone(session_of(org.user("east-member"))), ballot.pk)
    accepted = press(app, Phone(session_of(org.user("council-2"))), ballot.pk)

    assert refused["status"] == 403 and seen_by_django == [f"/ballots/{ballot.pk}/cast/"]
    assert accepted["status"] == 200 and "Your vote is recorded" in accepted["text"]
    voters = NamedBallotVote.objects.values_list("voter__user", flat=True)
    assert list(voters) == [org.user("council-2").pk]


def test_who_may_not_see_the_ballot_or_names_no_ballot_gets_a_404(org, clock, app, outsider):
    ballot = open_referendum(org, clock)

    assert press(app, Phone(session_of(outsider)), ballot.pk)["status"] == 404
    assert press(app, Phone(session_of(org.user("east-member"))), 99999)["status"] == 404
    assert not BallotPaper.objects.exists()


def test_without_a_signed_in_session_django_sends_the_voter_to_sign_in(org, clock, app):
    ballot = open_referendum(org, clock)
    client = Client()
    client.force_login(org.user("east-member"))
    ended = client.cookies["sessionid"].value
    client.logout()  # the session is gone from the database

    for phone in (Phone(None), Phone(ended), Phone("no-such-session")):
        answer = press(app, phone, ballot.pk)
        assert answer["status"] == 302 and "/login/" in answer["headers"]["location"]
    assert not BallotParticipation.objects.exists()


def test_a_session_from_before_a_password_change_no_longer_votes(org, clock, app):
    ballot = open_referendum(org, clock)
    user = org.user("east-member")
    phone = Phone(session_of(user))
    user.set_password("a new password of theirs")
    user.save()

    answer = press(app, phone, ballot.pk)

    assert answer["status"] == 302 and not BallotParticipation.objects.exists()


def test_an_inactive_user_does_not_vote(org, clock, app):
    ballot = open_referendum(org, clock)
    user = org.user("east-member")
    phone = Phone(session_of(user))
    user.is_active = False
    user.save()

    assert press(app, phone, ballot.pk)["status"] == 302
    assert not BallotParticipation.objects.exists()


@pytest.mark.parametrize(
    "forged",
    [
        {"token": "", "body": b"choice=for"},  # no token at all
        # another browser's token
        {"token": _mask_cipher_secret(_get_new_csrf_string()), "body": b"choice=for"},
        {"origin": "https://elsewhere.example"},  # posted from another site
    ],
)
def test_a_cast_failing_the_csrf_check_is_refused_by_django(org, clock, app, forged):
    ballot = open_referendum(org, clock)
    phone = Phone(session_of(org.user("east-member")))

    answer = press(app, phone, ballot.pk, **forged)

    assert answer["status"] == 403 and "CSRF" in answer["text"]
    assert not BallotParticipation.objects.exists()


def test_a_ballot_past_its_closing_time_refuses_the_cast(org, clock, app):
    ballot = open_referendum(org, clock)
    clock.advance(days=7, seconds=1)

    answer = press(app, Phone(session_of(org.user("east-member"))), ballot.pk)

    assert answer["status"] == 200 and "closed at" in answer["text"]
    assert "receipt-code" not in answer["text"] and not BallotParticipation.objects.exists()


def test_an_unknown_choice_is_refused_with_its_reason(org, clock, app):
    ballot = open_referendum(org, clock)

    answer = press(app, Phone(session_of(org.user("east-member"))), ballot.pk, "maybe")

    assert "Vote for, against or abstain." in answer["text"]
    assert not BallotParticipation.objects.exists()


def test_the_plain_form_without_javascript_gets_djangos_page(org, clock, app, seen_by_django):
    ballot = open_referendum(org, clock)

    answer = press(app, Phone(session_of(org.user("east-member"))), ballot.pk, htmx=False)

    assert answer["status"] == 200 and "<html" in answer["text"]
    assert RECEIPT.search(answer["text"]) and seen_by_django == [f"/ballots/{ballot.pk}/cast/"]


def test_settings_it_does_not_account_for_send_every_cast_through_django(
    org, clock, seen_by_django
):
    from django.conf import settings

    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, "some.other.Middleware"]):
        assert "some.other.Middleware" in cast_endpoint.fast_path_refusal()
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"):
        assert cast_endpoint.fast_path_refusal()
    with override_settings(FORCE_SCRIPT_NAME="/union"):
        assert cast_endpoint.fast_path_refusal()
    with override_settings(SESSION_SAVE_EVERY_REQUEST=True):
        app = BallotCastEndpoint(ASGIHandler())
        assert app.refusal
    assert cast_endpoint.fast_path_refusal() == ""
    ballot = open_referendum(org, clock)

    answer = press(app, Phone(session_of(org.user("east-member"))), ballot.pk)

    assert "receipt-code" in answer["text"] and seen_by_django == [f"/ballots/{ballot.pk}/cast/"]


def test_the_server_answers_casts_through_the_endpoint():
    from minutebook.asgi import application

    assert isinstance(application.application_mapping["http"], BallotCastEndpoint)
    assert application.application_mapping["http"].refusal == ""


def test_a_ballot_number_beyond_any_key_is_a_404_from_django(org, clock, app, seen_by_django):
    phone = Phone(session_of(org.user("east-member")))

    assert press(app, phone, 2**63)["status"] == 404
    assert seen_by_django == [f"/ballots/{2**63}/cast/"]
