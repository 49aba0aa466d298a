"""Recording a decision through the form: who may, a regular decision, a refused one, and
one recorded as irregular with its reason."""

from django.core.files.uploadedfile import SimpleUploadedFile

from minutebook.charter.models import CharterVersion
from minutebook.ledger.models import Decision


def form_data(**changes) -> dict:
    data = {
        "body": "assembly",
        "decision_type": "resolution",
        "decided_on": "2026-05-02",
        "title": "Join the citywide tenants' federation",
        "text": "The union joins the federation.",
        "votes_for": "5",
        "votes_against": "1",
        "votes_abstain": "0",
        "present": "6",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_member_who_is_no_secretary_is_refused(member_client, bureau_client, org):
    assert member_client.get("/decisions/new/").status_code == 403
    assert member_client.post("/decisions/new/", form_data()).status_code == 403
    assert bureau_client.get("/decisions/new/").status_code == 403
    assert member_client.post("/decisions/new/check/", form_data()).status_code == 403
    assert not Decision.objects.filter(title__startswith="Join").exists()


def test_the_form_offers_only_the_bodies_the_secretary_records_for(secretary_client, org):
    response = secretary_client.get("/decisions/new/")
    assert response.status_code == 200
    assert [b.slug for b in response.context["form"].fields["body"].queryset] == ["assembly"]
    html = response.content.decode()
    assert "<legend>The vote</legend>" in html
    assert '<label for="id_votes_for">' in html


def test_the_ledger_offers_recording_only_to_those_who_may(member_client, secretary_client, org):
    assert "Record a decision" not in member_client.get("/decisions/").content.decode()
    assert "Record a decision" in secretary_client.get("/decisions/").content.decode()


def test_a_secretary_records_a_decision(secretary_client, org):
    response = secretary_client.post("/decisions/new/", form_data())
    decision = Decision.objects.get(title__startswith="Join")
    assert response.status_code == 302
    assert response["Location"] == f"/decisions/{decision.reference}/"
    assert decision.body.slug == "assembly" and not decision.irregular
    assert decision.recorded_by == org.user("east-delegate-0")
    page = secretary_client.get(response["Location"]).content.decode()
    assert f"Decision {decision.reference} recorded." in page


def test_a_secretary_cannot_record_for_another_body(secretary_client, org):
    response = secretary_client.post("/decisions/new/", form_data(body="council"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Decision.objects.filter(title__startswith="Join").exists()


def test_a_refused_decision_shows_every_failed_rule(secretary_client, org):
    response = secretary_client.post(
        "/decisions/new/",
        form_data(decision_type="budget.spend", present="2", votes_for="1", votes_against="1"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The charter does not allow this decision as entered" in html
    assert "General Assembly may not decide &#x27;Spend from the budget&#x27;" in html
    assert response.context["refusal"].failures
    assert 'name="record_irregular"' in html
    assert 'name="irregular_reason"' in html
    assert not Decision.objects.filter(title__startswith="Join").exists()


def test_a_refused_decision_lists_quorum_and_threshold_failures(secretary_client, org):
    response = secretary_client.post(
        "/decisions/new/", form_data(present="2", votes_for="1", votes_against="1")
    )
    rules = {failure.rule for failure in response.context["refusal"].failures}
    assert rules == {"quorum", "threshold"}
    html = response.content.decode()
    assert "no quorum" in html.lower()
    assert "Not adopted" in html


def test_recording_as_irregular_needs_a_reason(secretary_client, org):
    response = secretary_client.post(
        "/decisions/new/", form_data(decision_type="budget.spend", record_irregular="on")
    )
    assert response.status_code == 200
    assert "say why the decision is recorded anyway" in response.content.decode()
    assert not Decision.objects.filter(title__startswith="Join").exists()


def test_a_refused_decision_can_be_recorded_as_irregular_with_a_reason(secretary_client, org):
    response = secretary_client.post(
        "/decisions/new/",
        form_data(
            decision_type="budget.spend",
            record_irregular="on",
            irregular_reason="The assembly spent the money; recorded as it happened.",
        ),
    )
    decision = Decision.objects.get(title__startswith="Join")
    assert response.status_code == 302
    assert decision.irregular and not decision.check_passed
    assert decision.irregular_reason.startswith("The assembly spent")
    page = secretary_client.get(response["Location"]).content.decode()
    assert "recorded as irregular" in page
    assert "⚠ Irregular decision" in page


def test_field_errors_from_the_service_appear_at_their_field(secretary_client, org):
    response = secretary_client.post(
        "/decisions/new/", form_data(new_charter_text="minutebook_charter: 1")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_charter_text"] == [
        "only a charter.amend decision carries a charter"
    ]


def test_an_unknown_decision_to_end_is_reported_at_its_field(secretary_client, ledger):
    response = secretary_client.post(
        "/decisions/new/",
        form_data(decision_type="decision.rescind", ends=ledger["secret"].reference),
    )
    assert "there is no decision" in response.context["form"].errors["ends"][0]


def test_a_rescission_through_the_form_ends_the_decision(secretary_client, ledger):
    target = ledger["open"]
    response = secretary_client.post(
        "/decisions/new/",
        form_data(
            decision_type="decision.rescind",
            ends=target.reference,
            title="Rescind Elm",
            decided_on=target.decided_on.isoformat(),
        ),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == "rescinded"


def test_a_charter_amendment_is_uploaded_and_put_in_force(
    secretary_client, org, small_charter_text
):
    amended = small_charter_text.replace("name: Test Tenants' Union", "name: Tenants' Union")
    response = secretary_client.post(
        "/decisions/new/",
        form_data(
            decision_type="charter.amend",
            notice_given="on",
            title="A shorter name",
            new_charter_file=SimpleUploadedFile("charter-v2.yaml", amended.encode()),
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    version = CharterVersion.objects.get(number=2)
    assert version.source_name == "charter-v2.yaml"
    assert "Tenants&#x27; Union" in secretary_client.get("/charter/").content.decode()


def test_an_invalid_amended_charter_shows_its_problems(secretary_client, org):
    response = secretary_client.post(
        "/decisions/new/",
        form_data(
            decision_type="charter.amend",
            notice_given="on",
            new_charter_text="minutebook_charter: 1\norganization: {}\n",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_charter_text"]
    assert CharterVersion.objects.count() == 1


def test_the_check_shows_the_verdict_before_recording(secretary_client, org):
    ok = secretary_client.post("/decisions/new/check/", form_data(), headers={"HX-Request": "true"})
    assert ok.status_code == 200
    assert "The charter in force allows this decision." in ok.content.decode()
    refused = secretary_client.post(
        "/decisions/new/check/", form_data(decision_type="budget.spend")
    )
    assert "does not allow this decision" in refused.content.decode()
    assert "may not decide" in refused.content.decode()
    assert not Decision.objects.filter(title__startswith="Join").exists()


def test_an_administrator_may_record_for_any_body(admin_client, ledger):
    response = admin_client.get("/decisions/new/")
    slugs = {body.slug for body in response.context["form"].fields["body"].queryset}
    assert {"assembly", "council", "bureau", ledger["coordinating"].slug} <= slugs
