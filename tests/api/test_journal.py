"""GET /journal/verify."""

from minutebook.journal.models import JournalEntry


def test_the_administrator_verifies_the_journal(org, admin):
    response = admin.get("/journal/verify")
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["intact"] is True
    assert verdict["entries"] == JournalEntry.objects.count()
    assert verdict["broken_at"] is None


def test_a_tampered_journal_is_reported(org, admin):
    entry = JournalEntry.objects.order_by("position")[2]
    JournalEntry.objects.filter(pk=entry.pk).update(summary="nothing happened")
    verdict = admin.get("/journal/verify").json()
    assert verdict["intact"] is False
    assert verdict["broken_at"] == entry.position
    assert "altered" in verdict["problem"]


def test_only_the_administrator_verifies(secretary, member, outsider_api, anonymous):
    assert secretary.get("/journal/verify").status_code == 403
    assert member.get("/journal/verify").status_code == 403
    assert outsider_api.get("/journal/verify").status_code == 403
    assert anonymous.get("/journal/verify").status_code == 401
