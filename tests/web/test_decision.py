"""A decision's page: its text, vote, check, timeline, and progress notes."""

import datetime as dt

from django.utils import timezone

from minutebook.ledger.models import DecisionStatus, ProgressNote
from minutebook.ledger.services import decision_add_progress
from tests.factories import record


def url(decision) -> str:
    return f"/decisions/{decision.reference}/"


def test_it_shows_the_text_as_markdown_the_vote_and_the_check(member_client, ledger):
    response = member_client.get(url(ledger["open"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The assembly <strong>supports</strong> the tenants." in html
    assert "5 for, 1 against, 0 abstaining" in html
    assert "A majority of the votes cast" in html
    assert "Adopted: 5 yes, 1 no" in html  # the check's explanation
    assert (
        'href="/charter/versions/1/">Charter version 1</a>: the charter\'s rules were met' in html
    )


def test_the_text_is_sanitized(member_client, org):
    decision = record(
        org.bodies["council"], "resolution", title="Tricky",
        text='Hello <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))',
    )  # fmt: skip
    html = member_client.get(url(decision)).content.decode()
    assert "<script>alert(1)" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_a_hidden_decision_is_not_found(member_client, bureau_client, ledger):
    assert member_client.get(url(ledger["secret"])).status_code == 404
    assert bureau_client.get(url(ledger["secret"])).status_code == 200


def test_a_missing_decision_is_not_found(member_client, ledger):
    assert member_client.get("/decisions/1999-00001/").status_code == 404


def test_an_irregular_decision_shows_why_and_which_rules_it_breaks(member_client, ledger):
    html = member_client.get(url(ledger["irregular"])).content.decode()
    assert "⚠ Irregular decision" in html
    assert "the charter gives spending to the council" in html
    assert "General Assembly may not decide &#x27;Spend from the budget&#x27;" in html


def test_the_timeline_links_ending_and_ended_decisions_both_ways(member_client, ledger, org):
    target = ledger["overdue"]
    rescission = record(org.bodies["council"], "decision.rescind", ends=target, yes=4, no=1,
                        title="Rescind the leaflets", decided_on=timezone.localdate())  # fmt: skip
    html = member_client.get(url(target)).content.decode()
    assert "Rescinded" in html
    assert f'href="{url(rescission)}"' in html
    assert [event.kind for event in member_client.get(url(target)).context["timeline"]] == [
        "adopted",
        "ended",
    ]
    back = member_client.get(url(rescission)).content.decode()
    assert f'href="{url(target)}"' in back
    assert "ending" in back


def test_an_irregular_claim_to_end_a_decision_is_shown_as_such(member_client, ledger, org):
    target = ledger["overdue"]
    claim = record(ledger["coordinating"], "decision.rescind", ends=target, title="Drop it",
                   irregular_reason="An informal group.", decided_on=timezone.localdate())  # fmt: skip
    response = member_client.get(url(target))
    assert [event.kind for event in response.context["timeline"]] == ["adopted", "claimed"]
    html = response.content.decode()
    assert "Irregular claim" in html and "this decision stands" in html
    target.refresh_from_db()
    assert target.status == DecisionStatus.ADOPTED
    assert "claiming to end" in member_client.get(url(claim)).content.decode()


def test_an_ending_decision_of_a_closed_body_is_named_but_not_shown(member_client, ledger, org):
    """An open decision that a closed body's decision claims to end: the member learns that
    the Bureau did so, not what the Bureau's decision says."""
    open_bureau_target = record(org.bodies["council"], "resolution", title="Council plan")
    # The Bureau may not end the Council's decisions (no authority); record it irregular.
    record(org.bodies["bureau"], "decision.rescind", ends=open_bureau_target, yes=3, no=0,
           title="Bureau overrides", irregular_reason="Overreach, recorded as reported.")  # fmt: skip
    html = member_client.get(url(open_bureau_target)).content.decode()
    assert "Bureau overrides" not in html
    assert "a decision of the Bureau" in html


def test_overdue_is_derived_and_shown(member_client, ledger):
    html = member_client.get(url(ledger["overdue"])).content.decode()
    assert "Overdue</span>" in html
    assert "<strong>overdue</strong>" in html


def test_the_progress_form_is_offered_only_to_those_who_may_report(
    member_client, council_secretary_client, ledger
):
    decision = ledger["overdue"]  # a Council decision; east-member is responsible for it
    assert member_client.get(url(decision)).context["may_report"] is True
    assert council_secretary_client.get(url(decision)).context["may_report"] is True
    assert member_client.get(url(ledger["open"])).context["may_report"] is False
    assert "Add a progress note" not in member_client.get(url(ledger["open"])).content.decode()


def test_a_secretary_adds_a_progress_note(council_secretary_client, ledger):
    decision = ledger["overdue"]
    response = council_secretary_client.post(
        f"{url(decision)}progress/",
        {"written_on": str(timezone.localdate()), "text": "Leaflets *printed*.", "status": "implemented"},
    )  # fmt: skip
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IMPLEMENTED
    html = council_secretary_client.get(url(decision)).content.decode()
    assert "Leaflets <em>printed</em>." in html
    assert "Overdue</span>" not in html


def test_progress_over_htmx_returns_the_follow_up_fragment(council_secretary_client, ledger):
    decision = ledger["overdue"]
    response = council_secretary_client.post(
        f"{url(decision)}progress/",
        {"written_on": str(timezone.localdate()), "text": "Half done.", "status": "in_progress"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'role="status">Progress note added.' in html
    assert "Half done." in html


def test_an_invalid_progress_note_is_shown_at_its_field(council_secretary_client, ledger):
    response = council_secretary_client.post(
        f"{url(ledger['overdue'])}progress/",
        {"written_on": str(timezone.localdate()), "text": "", "status": "in_progress"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ProgressNote.objects.exists()


def test_a_member_who_may_not_report_gets_403(member_client, bureau_client, ledger):
    response = member_client.post(
        f"{url(ledger['open'])}progress/",
        {"written_on": "2026-05-01", "text": "I did it", "status": "implemented"},
    )
    assert response.status_code == 403
    # Hidden decisions stay hidden, even to a poster.
    response = member_client.post(
        f"{url(ledger['secret'])}progress/",
        {"written_on": "2026-05-01", "text": "x", "status": "implemented"},
    )
    assert response.status_code == 404
    assert not ProgressNote.objects.exists()


def test_a_closed_decision_takes_no_more_notes(council_secretary_client, ledger, org):
    decision = ledger["overdue"]
    decision_add_progress(actor=org.admin, decision=decision, written_on=dt.date(2026, 5, 1),
                          text="Done", status="implemented")  # fmt: skip
    response = council_secretary_client.get(url(decision))
    assert "no further progress can be reported" in response.content.decode()


def test_the_decision_page_has_a_print_stylesheet_hook(member_client, ledger):
    html = member_client.get(url(ledger["open"])).content.decode()
    assert "decision-page" in html
