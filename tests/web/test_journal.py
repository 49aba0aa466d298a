"""The journal, for administrators."""

from minutebook.journal.models import JournalEntry


def test_administrators_read_the_journal(admin_client, ledger):
    response = admin_client.get("/journal/")
    assert response.status_code == 200
    html = response.content.decode()
    newest = JournalEntry.objects.order_by("-position").first()
    assert response.context["page"][0] == newest
    assert newest.entry_hash[:12] in html
    assert newest.entry_hash not in html.replace(f"this {newest.entry_hash}", "")


def test_members_are_refused_the_journal(member_client, secretary_client, org):
    assert member_client.get("/journal/").status_code == 403
    assert secretary_client.get("/journal/verify/").status_code == 403


def test_verify_reports_an_intact_chain(admin_client, ledger):
    response = admin_client.get("/journal/verify/", headers={"HX-Request": "true"})
    assert "The journal is intact." in response.content.decode()
    assert "<html" not in response.content.decode()
    full = admin_client.get("/journal/verify/")
    assert "The journal is intact." in full.content.decode()
    assert "<html" in full.content.decode()


def test_verify_reports_a_broken_chain(admin_client, ledger):
    entry = JournalEntry.objects.order_by("position")[3]
    JournalEntry.objects.filter(pk=entry.pk).update(summary="rewritten history")
    response = admin_client.get("/journal/verify/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert f"broken at entry #{entry.position}" in html
