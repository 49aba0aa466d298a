"""The request pages: the member makes a request and reads its answer; the secretary answers
it from its page; a member who may read the Council's records sees only that it exists; an
outsider, and a member who may not read the body's records, get a 404."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from minutebook.member_requests.models import MemberRequest, RequestStatus
from tests.member_requests.conftest import answer, client_for, submit


def test_a_member_makes_a_request_from_the_form(org):
    client = client_for(org.user("east-member"))

    page = client.get(reverse("member_requests:new"))
    assert page.status_code == 200 and "Council" in page.content.decode()
    answer_page = client.post(
        reverse("member_requests:new"),
        {"body": "council", "subject": "Dues in 2027", "text": "Will the dues go up?"},
        follow=True,
    )

    made = MemberRequest.objects.get()
    assert made.requester == org.members["east-member"] and made.subject == "Dues in 2027"
    assert answer_page.redirect_chain[-1][0] == reverse("member_requests:detail", args=[made.pk])


def test_the_form_shows_the_service_s_refusal_at_the_field(org):
    client = client_for(org.user("east-member"))

    page = client.post(
        reverse("member_requests:new"), {"body": "council", "subject": "   ", "text": "Why?"}
    )

    assert page.status_code == 200 and not MemberRequest.objects.exists()


def test_the_requester_reads_the_answer(org):
    made = submit(org)
    answer(org, made, dt.date(2026, 4, 10), text="In the April bulletin.")

    page = client_for(org.user("east-member")).get(
        reverse("member_requests:detail", args=[made.pk])
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "The accounts of 2025" in text and "In the April bulletin." in text
    assert "answered in time" in text


def test_the_secretary_answers_from_the_page(org):
    made = submit(org)
    client = client_for(org.user("council-0"))

    assert "Requests you answer" in client.get(reverse("member_requests:list")).content.decode()
    page = client.get(reverse("member_requests:detail", args=[made.pk]))
    assert "Send the answer" in page.content.decode()
    client.post(reverse("member_requests:answer", args=[made.pk]), {"answer": "Yes."})

    made.refresh_from_db()
    assert made.status == RequestStatus.ANSWERED and made.answer == "Yes."


def test_another_council_member_may_not_answer(org):
    made = submit(org)
    client = client_for(org.user("council-1"))

    page = client.get(reverse("member_requests:detail", args=[made.pk]))
    refused = client.post(reverse("member_requests:answer", args=[made.pk]), {"answer": "No."})

    assert "Send the answer" not in page.content.decode()
    assert refused.status_code == 403
    made.refresh_from_db()
    assert made.status == RequestStatus.OPEN


def test_a_member_who_reads_the_council_s_records_knows_only_that_it_exists(org):
    made = submit(org)
    answer(org, made, dt.date(2026, 4, 10), text="In the April bulletin.")

    page = client_for(org.user("west-member")).get(
        reverse("member_requests:detail", args=[made.pk])
    )

    text = page.content.decode()
    assert page.status_code == 200 and 'id="existence-only"' in text
    assert "accounts" not in text and "April bulletin" not in text
    assert "East Rank And File" not in text


def test_an_outsider_gets_a_404(org, outsider):
    made = submit(org)

    page = client_for(outsider).get(reverse("member_requests:detail", args=[made.pk]))

    assert page.status_code == 404


def test_a_request_to_a_body_whose_records_are_closed_is_a_404_to_other_members(org):
    """The Bureau's records are read by its members only."""
    made = submit(org, body="bureau")

    assert (
        client_for(org.user("west-member"))
        .get(reverse("member_requests:detail", args=[made.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(org.user("council-1"))
        .get(reverse("member_requests:detail", args=[made.pk]))
        .status_code
        == 200
    )


def test_the_member_withdraws_from_the_page_and_nobody_else_can(org):
    made = submit(org)

    other = client_for(org.user("west-member")).post(
        reverse("member_requests:withdraw", args=[made.pk])
    )
    client_for(org.user("east-member")).post(reverse("member_requests:withdraw", args=[made.pk]))

    assert other.status_code == 403
    made.refresh_from_db()
    assert made.status == RequestStatus.WITHDRAWN


def test_an_overdue_request_shows_on_the_council_s_page(org):
    """Made on 2 March 2026, due 1 May 2026: overdue on any day after it, as on the day the
    test runs (in 2026 December or later)."""
    made = submit(org)

    page = client_for(org.user("west-member")).get(
        reverse("bodies:detail", args=[org.bodies["council"].slug])
    )

    text = page.content.decode()
    assert f"A written answer to request {made.pk}" in text
    assert "Overdue" in text or "overdue" in text
