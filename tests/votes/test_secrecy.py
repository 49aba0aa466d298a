"""No one, administrators with the database included, can link a secret ballot to its voter:
the schema has no path from a ballot to a person, no time and no sequence on a ballot, and at
closing the ballots are rewritten in a random order under fresh keys. Each voter can still
check their own ballot by its receipt."""

from __future__ import annotations

import uuid

import pytest
from django.apps import apps
from django.db import connection, models

from minutebook.journal.models import JournalEntry
from minutebook.votes.models import Participation, SecretBallot
from minutebook.votes.receipts import receipt_hash
from minutebook.votes.selectors import published_receipts, secret_ballot_digests
from minutebook.votes.services import vote_cast, vote_close, vote_open
from tests.motions.world import admitted

BALLOT_TABLE = SecretBallot._meta.db_table
TIME_FIELDS = (models.DateField, models.DateTimeField, models.TimeField, models.DurationField)


def test_no_table_or_column_links_a_secret_ballot_to_a_voter(db):
    """Every model and every table of the schema is inspected."""
    # The ballot: a random key, the vote, what it says, the receipt's hash, and the votes it
    # counts for where the charter weighs votes (on the paper, as a delegation's card shows its
    # unit's votes; never the voter). Nothing else.
    fields = {field.name: field for field in SecretBallot._meta.concrete_fields}
    assert set(fields) == {"id", "vote", "choice", "ranking", "receipt_hash", "weight"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].default is uuid.uuid4
    assert [f.name for f in fields.values() if f.is_relation] == ["vote"]
    assert not any(isinstance(f, TIME_FIELDS) for f in fields.values())
    # Nothing points at a ballot, and nothing that records a voter has a time on it.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model is not SecretBallot, f"{model.__name__}.{field.name}"
    assert not any(isinstance(f, TIME_FIELDS) for f in Participation._meta.concrete_fields)

    with connection.cursor() as cursor:
        introspection = connection.introspection
        columns = {c.name for c in introspection.get_table_description(cursor, BALLOT_TABLE)}
        assert columns == {"id", "vote_id", "choice", "ranking", "receipt_hash", "weight"}
        assert introspection.get_relations(cursor, BALLOT_TABLE) == {
            "vote_id": ("id", "votes_vote")
        }
        for table in introspection.table_names(cursor):
            for _column, (_target, target_table) in introspection.get_relations(
                cursor, table
            ).items():
                assert target_table != BALLOT_TABLE, f"{table} points at the secret ballots"
        # No sequence numbers the ballots.
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [BALLOT_TABLE])
            assert cursor.fetchone()[0] is None
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone()[0]:
                cursor.execute(
                    "SELECT count(*) FROM sqlite_sequence WHERE name = %s", [BALLOT_TABLE]
                )
                assert cursor.fetchone()[0] == 0


@pytest.fixture
def secret_vote(org, meeting):
    motion = admitted(org, meeting)
    return vote_open(
        actor=org.user("east-delegate-0"), meeting=meeting, method="secret", motion=motion
    )


CHOICES = {"east-delegate-0": "for", "east-delegate-1": "against", "west-delegate-0": "abstain"}


def cast_all(org, vote):
    return {
        key: vote_cast(actor=org.user(key), vote=vote, choice=c).receipt_code
        for key, c in CHOICES.items()
    }


def test_closing_rewrites_the_ballots_under_new_keys(org, secret_vote):
    cast_all(org, secret_vote)
    before = set(SecretBallot.objects.values_list("id", flat=True))
    hashes = set(SecretBallot.objects.values_list("receipt_hash", flat=True))
    vote_close(actor=org.user("east-delegate-0"), vote=secret_vote)
    after = set(SecretBallot.objects.values_list("id", flat=True))
    assert len(after) == 3 and not before & after
    assert set(SecretBallot.objects.values_list("receipt_hash", flat=True)) == hashes


def test_the_journal_fixes_who_voted_and_the_ballots_never_who_voted_how(org, secret_vote):
    cast_all(org, secret_vote)
    assert not JournalEntry.objects.filter(action__in=("vote.participate", "vote.cast")).exists()
    vote_close(actor=org.user("east-delegate-0"), vote=secret_vote)
    closing = JournalEntry.objects.get(action="vote.close")
    assert closing.after["participants"] == 3
    digests = secret_ballot_digests(secret_vote)
    assert closing.after["participants_sha256"] == digests["participants_sha256"]
    assert closing.after["ballots_sha256"] == digests["ballots_sha256"]
    # A ballot changed after the close no longer matches what the journal fixed.
    ballot = SecretBallot.objects.filter(vote=secret_vote, choice="for").first()
    SecretBallot.objects.filter(pk=ballot.pk).update(choice="against")
    assert secret_ballot_digests(secret_vote)["ballots_sha256"] != closing.after["ballots_sha256"]
    # ... and so does a participation removed.
    Participation.objects.filter(vote=secret_vote).first().delete()
    assert (
        secret_ballot_digests(secret_vote)["participants_sha256"]
        != closing.after["participants_sha256"]
    )


def test_receipts_are_published_when_the_vote_closes_and_each_voter_finds_theirs(org, secret_vote):
    codes = cast_all(org, secret_vote)
    assert published_receipts(secret_vote) == []  # nothing while the vote is open
    vote_close(actor=org.user("east-delegate-0"), vote=secret_vote)
    secret_vote.refresh_from_db()
    receipts = published_receipts(secret_vote)
    assert [r.receipt_hash for r in receipts] == sorted(r.receipt_hash for r in receipts)
    says = {r.receipt_hash: r.says for r in receipts}
    for key, code in codes.items():
        assert says[receipt_hash(code)] == CHOICES[key].capitalize()
    assert secret_vote.votes_abstain == 1
