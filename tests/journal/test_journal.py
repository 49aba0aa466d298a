"""The journal detects an entry edited, deleted, inserted or reordered in the database."""

import pytest
from django.db import connection

from minutebook.journal.models import JournalEntry
from minutebook.journal.services import journal_verify
from tests.factories import record


@pytest.fixture
def journal(org):
    record(org.bodies["council"], "resolution", yes=4, no=1, title="Something to journal")
    entries = list(JournalEntry.objects.order_by("position"))
    assert len(entries) > 20
    return entries


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_change_is_journaled_with_before_and_after(org, journal):
    last = journal[-1]
    assert last.action == "decision.record"
    assert last.after["title"] == "Something to journal"
    assert last.actor_name == "admin"
    assert journal_verify().intact


def test_an_edited_entry_is_detected(journal):
    target = journal[10]
    raw(
        "UPDATE journal_journalentry SET summary = %s WHERE id = %s",
        ["nothing happened", target.pk],
    )
    verdict = journal_verify()
    assert verdict.broken_at == target.position
    assert "altered" in verdict.problem


def test_an_edited_json_payload_is_detected(journal):
    target = journal[-1]
    raw(
        "UPDATE journal_journalentry SET after = %s WHERE id = %s",
        ['{"title": "forged"}', target.pk],
    )
    assert journal_verify().broken_at == target.position


def test_a_deleted_entry_is_detected(journal):
    target = journal[5]
    raw("DELETE FROM journal_journalentry WHERE id = %s", [target.pk])
    verdict = journal_verify()
    assert verdict.broken_at == target.position
    assert "deleted or inserted" in verdict.problem


def test_the_deleted_last_entry_shows_in_the_head_hash(journal):
    intact_head = journal_verify().head_hash
    raw("DELETE FROM journal_journalentry WHERE id = %s", [journal[-1].pk])
    # The chain that is left is consistent; only a published head hash reveals the cut.
    assert journal_verify().head_hash != intact_head


def test_an_inserted_entry_is_detected(journal):
    target = journal[7]
    raw(
        "UPDATE journal_journalentry SET position = position + 1000000 WHERE position > %s",
        [target.position],
    )
    raw("UPDATE journal_journalentry SET position = position - 999999 WHERE position > 1000000")
    forged = JournalEntry.objects.get(pk=target.pk)
    forged.pk = None
    forged.position = target.position + 1
    forged.summary = "an entry that never happened"
    forged.entry_hash = "f" * 64
    forged.save()
    verdict = journal_verify()
    assert verdict.broken_at == target.position + 1


def test_reordered_entries_are_detected(journal):
    a, b = journal[3], journal[4]
    raw("UPDATE journal_journalentry SET position = 999999999 WHERE id = %s", [a.pk])
    raw("UPDATE journal_journalentry SET position = %s WHERE id = %s", [a.position, b.pk])
    raw("UPDATE journal_journalentry SET position = %s WHERE id = %s", [b.position, a.pk])
    assert journal_verify().broken_at == a.position


def test_the_command_reports_the_break(journal, capsys):
    from minutebook.cli import main

    assert main(["journal", "verify"]) == 0
    assert "journal intact" in capsys.readouterr().out
    raw(
        "UPDATE journal_journalentry SET actor_name = %s WHERE id = %s",
        ["someone else", journal[2].pk],
    )
    assert main(["journal", "verify"]) == 1
    assert f"BROKEN at entry #{journal[2].position}" in capsys.readouterr().err
