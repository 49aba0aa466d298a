"""The demo organization shows what the brief asks of it, the same on every run."""

import datetime as dt

import pytest

from minutebook.bodies.models import Body, Seat
from minutebook.charter.models import CharterVersion, Unit
from minutebook.demo.load import demo_load
from minutebook.demo.story import on
from minutebook.journal.services import journal_verify
from minutebook.ledger.models import Decision, DecisionStatus
from minutebook.members.models import Member
from minutebook.obligations.duties import obligation_duty
from minutebook.petitions.models import Petition
from minutebook.petitions.selectors import petition_obligation, petition_progress


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_load()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def today(monkeypatch):
    story_today = on(2026, 11, 23)  # the day the story is written for, as told today
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: story_today)


def test_structure(demo, db):
    assert Unit.objects.filter(kind="district").count() == 3
    assert Unit.objects.filter(kind="branch").count() == 8
    assert 190 <= Member.objects.count() <= 220
    assert (
        Seat.objects.current(on=on(2026, 11, 1)).filter(body__slug="central-committee").count()
        == 30
    )
    assert Body.objects.filter(definition__endswith="commission").count() == 2


def test_a_year_of_decisions_with_the_cases_the_demo_must_show(demo, db, today):
    decisions = Decision.objects.all()
    assert decisions.count() >= 20
    overdue_cc = decisions.overdue().filter(
        body__slug="central-committee", responsible_body__slug="standing-committee"
    )
    assert overdue_cc.exists()
    assert decisions.overdue().filter(responsible_body__slug="programme-commission").exists()
    rescinded = decisions.get(status=DecisionStatus.RESCINDED)
    assert rescinded.ended_by.decision_type == "decision.rescind"
    assert not rescinded.ended_by.irregular
    irregular = decisions.get(irregular=True)
    assert irregular.body.name == "Coordinating Committee" and not irregular.body.chartered


def test_the_charter_was_amended_once_and_the_journal_is_intact(demo, db):
    assert CharterVersion.objects.count() == 2
    assert CharterVersion.objects.get(number=2).adopted_by.decision_type == "charter.amend"
    assert journal_verify().intact


def test_loading_twice_changes_nothing(demo, db):
    count = Decision.objects.count()
    assert demo_load() is False
    assert Decision.objects.count() == count


def test_a_members_requisition_forced_a_special_meeting_and_another_collects(demo, db):
    library = Petition.objects.get(kind="special-branch-assembly")
    assert library.status == "reached"
    obligation = petition_obligation(library)
    assert obligation.body.slug == "branch-assembly.millbrook"
    assert obligation_duty(obligation, on(2026, 11, 23)).state == "met"
    congress = Petition.objects.get(kind="special-congress")
    assert congress.status_at(congress.opened_at + dt.timedelta(days=7)) == "collecting"
    progress = petition_progress(congress)
    assert (progress.units_enough, progress.required_units) == (1, 3)
    assert not congress.signatures.filter(member__user__username__in=["rosa", "tom"]).exists()


def test_the_congress_amendment_was_ratified_by_a_members_referendum(demo, db):
    from minutebook.ballots.models import Ballot

    amendment = Decision.objects.get(decision_type="charter.amend")
    ballot = Ballot.objects.get(step_of=amendment)
    step = amendment.steps.get()

    assert amendment.decided_on == on(2026, 10, 10)
    assert ballot.body.slug == "members-referendum" and ballot.secret
    # 70 of the members voted, 52 for, 14 against, 4 abstaining (minutebook/demo/referendum.py)
    assert (ballot.turnout, ballot.votes_for, ballot.votes_against) == (70, 52, 14)
    assert step.carried and step.body == ballot.body and ballot.step_record == step
    assert step.decided_on == on(2026, 11, 11)
    assert amendment.status == DecisionStatus.ADOPTED
    assert amendment.in_force_from == on(2026, 11, 11)
    assert CharterVersion.objects.order_by("-number").first().adopted_by == amendment


def test_the_secretary_answers_one_question_and_leaves_one_overdue(demo, db):
    """Rosa's question of 14 September is answered on 20 October (in time: due 13 November);
    Ironbridge's of 15 September is unanswered, due 14 November: overdue on 23 November."""
    from minutebook.member_requests.models import MemberRequest
    from minutebook.member_requests.selectors import request_duty

    answered, pending = MemberRequest.objects.order_by("submitted_at")
    assert answered.requester.user.username == "rosa"
    assert answered.answered_by.user.username == "ana"
    assert request_duty(answered, on(2026, 11, 23)).state == "met"
    assert (pending.status, pending.due_on) == ("open", on(2026, 11, 14))
    assert request_duty(pending, on(2026, 11, 23)).state == "overdue"


def test_the_standing_committee_has_a_non_voting_officer(demo, db):
    """Article 6: the Central Committee's secretary (ana) sits on the Standing Committee ex
    officio with voice but no vote; the seven elected members are its voting seats."""
    from minutebook.bodies.seat_rights import seat_votes
    from minutebook.charter.selectors import charter_in_force

    spec = charter_in_force().body("standing-committee")
    seats = list(
        Seat.objects.current(on=on(2026, 11, 1))
        .filter(body__slug="standing-committee")
        .select_related("member", "via_seat__body", "constituency")
    )
    silent = [seat.member.full_name for seat in seats if not seat_votes(spec, seat)]
    ana = Member.objects.get(user__username="ana")

    assert len(seats) == 8
    assert silent == [ana.full_name]
    assert sum(seat_votes(spec, seat) for seat in seats) == 7


def test_article_9_keeps_the_central_committee_off_the_control_commission(demo, db, today):
    """The demo charter's eligibility rule for article 9, both ways, against the demo's seats,
    and what a Central Committee member's own page says of it."""
    from django.core.exceptions import ValidationError
    from django.test import Client

    from minutebook.bodies.eligibility import may_stand
    from minutebook.bodies.models import SeatMethod
    from minutebook.bodies.services import seat_fill

    day = on(2026, 11, 23)
    ana = Member.objects.get(user__username="ana")  # Central Committee secretary
    commissioner = Seat.objects.current(on=day).filter(body__slug="control-commission")[0].member
    control = Body.objects.get(slug="control-commission")
    cc = Body.objects.get(slug="central-committee")

    verdict = may_stand(ana, control, day)
    assert [b.rule for b in verdict.breaches] == ["control-commission-independent"]
    assert verdict.breaches[0].articles == ("art-9",)
    assert [b.rule for b in may_stand(commissioner, cc, day).breaches] == [
        "control-commission-independent"
    ]
    with pytest.raises(ValidationError, match=r"\(art-9\) \[rule control-commission-independent\]"):
        seat_fill(
            actor=None,
            body=control,
            member=ana,
            method=SeatMethod.ELECTED,
            starts_on=day,
            source_decision=Decision.objects.filter(body__slug="congress").first(),
        )

    client = Client()
    client.force_login(ana.user)
    html = client.get(f"/members/{ana.membership_number}/").content.decode()
    assert 'data-eligibility-body="control-commission" data-eligible="no"' in html
    assert "no member of the Central Committee may sit on the Control Commission" in html
