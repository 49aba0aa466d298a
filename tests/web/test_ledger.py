"""The decision ledger: what it lists, its filters, htmx, and its query count."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import record


def refs(response) -> set[str]:
    return {decision.reference for decision in response.context["page"]}


def test_it_lists_the_decisions_open_to_the_member(member_client, ledger):
    response = member_client.get("/decisions/")
    assert response.status_code == 200
    listed = refs(response)
    assert ledger["open"].reference in listed
    assert ledger["claim"].reference in listed  # an unchartered group's claims are public
    assert ledger["secret"].reference not in listed
    assert "Secret bureau plan" not in response.content.decode()


def test_filter_choices_never_name_a_hidden_body(member_client, bureau_client, ledger):
    choices = member_client.get("/decisions/").context["form"].fields["body"].queryset
    assert "bureau" not in {body.slug for body in choices}
    choices = bureau_client.get("/decisions/").context["form"].fields["body"].queryset
    assert "bureau" in {body.slug for body in choices}


def test_asking_for_a_hidden_body_shows_nothing_of_it(member_client, ledger):
    response = member_client.get("/decisions/", {"body": "bureau"})
    assert ledger["secret"].reference not in refs(response)
    assert "Secret bureau plan" not in response.content.decode()


def test_filter_by_body(member_client, ledger):
    response = member_client.get("/decisions/", {"body": "council"})
    assert refs(response) == {ledger["overdue"].reference} | {
        d.reference for d in response.context["page"] if d.body.slug == "council"
    }
    assert all(d.body.slug == "council" for d in response.context["page"])


def test_filter_overdue(member_client, ledger):
    response = member_client.get("/decisions/", {"overdue": "on"})
    assert refs(response) == {ledger["overdue"].reference}
    assert "Overdue</span>" in response.content.decode()


def test_filter_irregular(member_client, ledger):
    response = member_client.get("/decisions/", {"irregular": "on"})
    assert refs(response) == {ledger["irregular"].reference, ledger["claim"].reference}
    assert response.content.decode().count("⚠ Irregular</span>") == 2


def test_filter_by_type(member_client, ledger):
    response = member_client.get("/decisions/", {"decision_type": "budget.spend"})
    assert refs(response) == {ledger["irregular"].reference}


def test_filter_by_status(member_client, ledger, org):
    record(org.bodies["council"], "decision.rescind", ends=ledger["overdue"], yes=4, no=1,
           title="Rescind the leaflets", decided_on=ledger["overdue"].decided_on)  # fmt: skip
    response = member_client.get("/decisions/", {"status": "rescinded"})
    assert refs(response) == {ledger["overdue"].reference}


def test_search_in_reference_title_and_text(member_client, ledger):
    assert refs(member_client.get("/decisions/", {"q": "elm street"})) == {ledger["open"].reference}
    assert refs(member_client.get("/decisions/", {"q": "supports tenants"})) == {
        ledger["open"].reference
    }
    assert refs(member_client.get("/decisions/", {"q": ledger["irregular"].reference})) == {
        ledger["irregular"].reference
    }
    # The text of a closed body's decision is not searchable by others.
    assert refs(member_client.get("/decisions/", {"q": "SECRET-TEXT"})) == set()


def test_filter_by_date(member_client, ledger):
    today = timezone.localdate()
    response = member_client.get(
        "/decisions/",
        {"decided_from": str(today - dt.timedelta(days=12)), "decided_to": str(today)},
    )
    assert refs(response) == {ledger["irregular"].reference, ledger["claim"].reference}


def test_rows_show_date_body_type_status_and_due_date(member_client, ledger):
    html = member_client.get("/decisions/", {"overdue": "on"}).content.decode()
    overdue = ledger["overdue"]
    assert f'href="/decisions/{overdue.reference}/"' in html
    assert "Council</a>" in html
    assert '<td data-label="Type">Resolution</td>' in html
    assert "Adopted" in html
    assert overdue.due_on.strftime("%-d %b %Y") in html


def test_htmx_gets_the_results_fragment_only(member_client, ledger):
    response = member_client.get("/decisions/", {"overdue": "on"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert [t.name for t in response.templates][0] == "ledger/decision_rows.html"
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html  # the live result count
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_works_with_and_without_javascript(member_client, ledger):
    html = member_client.get("/decisions/").content.decode()
    assert '<form method="get" action="/decisions/"' in html  # a plain GET form
    assert 'hx-get="/decisions/"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-target="#results"' in html


def test_it_paginates(member_client, org):
    for i in range(27):
        record(org.bodies["council"], "resolution", title=f"Resolution {i}")
    first = member_client.get("/decisions/")
    assert len(first.context["page"]) == 25
    assert 'href="?page=2"' in first.content.decode()
    second = member_client.get("/decisions/", {"page": 2})
    assert len(second.context["page"]) == 4  # 27 + the two elections of the world


def test_the_query_count_does_not_grow_with_the_rows(
    member_client, org, django_assert_max_num_queries
):
    for i in range(3):
        record(org.bodies["council"], "resolution", title=f"Few {i}", due_on=dt.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as few:
        member_client.get("/decisions/")
    for i in range(25):
        record(org.bodies["assembly"], "resolution", yes=5, no=1, title=f"Many {i}",
               due_on=dt.date(2020, 1, 1))  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_client.get("/decisions/")
    assert len(response.context["page"]) == 25
    assert len(few.captured_queries) <= 16
