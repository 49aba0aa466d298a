"""A secret ballot outside meetings keeps every guarantee of the meeting's secret ballot: no
path from a paper to a voter, no time or sequence on a paper or a participation, the papers
rewritten under fresh keys at closing, and each voter's receipt published."""

from __future__ import annotations

import uuid

from django.apps import apps
from django.db import connection, models

from minutebook.ballots.models import BallotPaper, BallotParticipation
from minutebook.ballots.selectors import paper_digests, published_receipts
from minutebook.ballots.services import ballot_cast, ballot_close
from minutebook.journal.models import JournalEntry
from minutebook.votes.receipts import receipt_hash
from tests.ballots.world import open_referendum

PAPER_TABLE = BallotPaper._meta.db_table
TIME_FIELDS = (models.DateField, models.DateTimeField, models.TimeField, models.DurationField)


def test_no_table_or_column_links_a_paper_to_a_voter(db):
    fields = {field.name: field for field in BallotPaper._meta.concrete_fields}
    assert set(fields) == {"id", "ballot", "choice", "ranking", "receipt_hash"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].default is uuid.uuid4
    assert [f.name for f in fields.values() if f.is_relation] == ["ballot"]
    assert not any(isinstance(f, TIME_FIELDS) for f in fields.values())
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model is not BallotPaper, f"{model.__name__}.{field.name}"
    assert not any(isinstance(f, TIME_FIELDS) for f in BallotParticipation._meta.concrete_fields)

    with connection.cursor() as cursor:
        introspection = connection.introspection
        columns = {c.name for c in introspection.get_table_description(cursor, PAPER_TABLE)}
        assert columns == {"id", "ballot_id", "choice", "ranking", "receipt_hash"}
        assert introspection.get_relations(cursor, PAPER_TABLE) == {
            "ballot_id": ("id", "ballots_ballot")
        }
        for table in introspection.table_names(cursor):
            for _column, (_target, target) in introspection.get_relations(cursor, table).items():
                assert target != PAPER_TABLE, f"{table} points at the papers"
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [PAPER_TABLE])
            assert cursor.fetchone()[0] is None


def _cast_all(org, ballot):
    codes = {}
    for who, choice in (("east-member", "for"), ("west-member", "against"), ("council-1", "for")):
        codes[who] = ballot_cast(actor=org.user(who), ballot=ballot, choice=choice).receipt_code
    return codes


def test_closing_rewrites_the_papers_under_new_keys(org, clock):
    ballot = open_referendum(org, clock)
    _cast_all(org, ballot)
    before = set(BallotPaper.objects.filter(ballot=ballot).values_list("id", flat=True))
    clock.advance(days=7)

    ballot_close(ballot=ballot)

    after = set(BallotPaper.objects.filter(ballot=ballot).values_list("id", flat=True))
    assert len(after) == 3 and not before & after


def test_the_journal_fixes_who_voted_and_what_the_papers_say_never_who_voted_how(org, clock):
    ballot = open_referendum(org, clock)
    _cast_all(org, ballot)
    clock.advance(days=7)
    ballot_close(ballot=ballot)

    entry = JournalEntry.objects.get(action="ballot.close")
    assert entry.after["participants"] == 3
    assert entry.after["participants_sha256"] == paper_digests(ballot)["participants_sha256"]
    assert entry.after["papers_sha256"] == paper_digests(ballot)["papers_sha256"]
    assert not JournalEntry.objects.filter(action="ballot.cast").exists()
    text = str([e.after for e in JournalEntry.objects.filter(action__startswith="ballot.")])
    assert org.members["east-member"].membership_number not in text


def test_each_voter_finds_their_receipt_once_the_ballot_is_closed(org, clock):
    ballot = open_referendum(org, clock)
    codes = _cast_all(org, ballot)
    assert published_receipts(ballot) == []
    clock.advance(days=7)
    ballot = ballot_close(ballot=ballot)

    published = {row["receipt_hash"]: row["choice"] for row in published_receipts(ballot)}
    assert published[receipt_hash(codes["west-member"])] == "against"
    assert published[receipt_hash(codes["east-member"].lower())] == "for"
