"""The real constitutions in examples/charters/: each passes the check, loads with `init`, and
says what its constitution says.

The expected numbers are worked out by hand from the words quoted in each example's README,
not from the charter: a test fails if the encoding drifts from the constitution.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from minutebook.bodies.models import Body
from minutebook.charter.loader import load_charter_file
from minutebook.charter.models import CharterVersion
from minutebook.charter.petitions import Requirement, Signers, ThresholdForm
from minutebook.charter.spec import (
    Charter,
    ObligationForm,
    ProcedureStep,
    StepKind,
    UnitsConcerned,
)
from minutebook.cli import main
from minutebook.ledger.competence import BodyRef, Tally, Target, check_decision

EXAMPLES = Path(__file__).parents[2] / "examples" / "charters"
CHARTERS = sorted(EXAMPLES.glob("*/charter.yaml"))
AWU = EXAMPLES / "alphabet-workers-union" / "charter.yaml"
AGV = EXAMPLES / "australian-greens-victoria" / "charter.yaml"
SAC = EXAMPLES / "sacramento-dsa" / "charter.yaml"

STATUS = re.compile(r"\| (exact|approximate|not yet) \|")
COUNTS = re.compile(
    r"Of the (\d+) rows above: \*\*(\d+) exact\*\*, \*\*(\d+) approximate\*\*, "
    r"\*\*(\d+) not yet\*\*\."
)


@cache
def charter_of(path: Path) -> Charter:
    return load_charter_file(path)


def example_ids(paths):
    return [path.parent.name for path in paths]


def test_the_examples_are_all_here():
    assert {AWU, AGV, SAC} <= set(CHARTERS)


@pytest.mark.parametrize("path", CHARTERS, ids=example_ids(CHARTERS))
def test_each_example_passes_the_check(path):
    """`load_charter_file` raises on any problem, an unknown article among them."""
    charter = charter_of(path)
    assert {"charter.amend", "decision.rescind"} <= {t.id for t in charter.decision_types}


@pytest.mark.parametrize("path", CHARTERS, ids=example_ids(CHARTERS))
def test_every_article_is_cited_by_a_body_or_a_decision_type(path):
    """An article nobody cites quotes a rule the charter does not encode: it belongs in the
    README's table, not in the charter."""
    charter = charter_of(path)
    cited = {a for b in charter.bodies for a in b.articles}
    cited |= {a for t in charter.decision_types for a in t.articles}
    assert {a.id for a in charter.articles} == cited


@pytest.mark.parametrize("path", CHARTERS, ids=example_ids(CHARTERS))
def test_the_readme_names_the_source_and_every_decision_type(path):
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    for heading in ("| Title |", "| Version |", "| Published |", "| Licence / status |"):
        assert heading in readme
    rows = [line for line in readme.splitlines() if STATUS.search(line)]
    named = {name for row in rows for name in re.findall(r"`([^`]+)`", row)}
    missing = {t.id for t in charter_of(path).decision_types} - named
    assert not missing, f"decision types absent from the table: {sorted(missing)}"


@pytest.mark.parametrize("path", CHARTERS, ids=example_ids(CHARTERS))
def test_the_readme_counts_match_its_table(path):
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    statuses = [STATUS.search(line).group(1) for line in readme.splitlines() if STATUS.search(line)]
    counts = COUNTS.search(readme)
    assert counts, "the README states its counts"
    total, exact, approximate, not_yet = map(int, counts.groups())
    assert (total, exact, approximate, not_yet) == (
        len(statuses),
        statuses.count("exact"),
        statuses.count("approximate"),
        statuses.count("not yet"),
    )


def test_the_index_lists_every_example_with_its_counts():
    index = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in CHARTERS:
        readme = (path.parent / "README.md").read_text(encoding="utf-8")
        _, exact, approximate, not_yet = COUNTS.search(readme).groups()
        row = next(line for line in index.splitlines() if f"[{path.parent.name}]" in line)
        assert row.endswith(f"| {exact} / {approximate} / {not_yet} |"), row


@pytest.fixture
def no_migrations(monkeypatch):
    # The test database is already migrated; the command's own migrate step is not the subject.
    monkeypatch.setattr("minutebook.cli.migrate", lambda verbose=False: None)


@pytest.mark.parametrize("path", CHARTERS, ids=example_ids(CHARTERS))
def test_each_example_loads_with_init(path, db, no_migrations, capsys):
    assert main(["init", "--charter", str(path), "--admin-password", "correct horse"]) == 0
    charter = charter_of(path)
    assert f"Created {charter.name}" in capsys.readouterr().out
    assert CharterVersion.objects.get().number == 1
    defined = {b.id for b in charter.bodies}
    assert set(Body.objects.values_list("definition", flat=True)) == defined


def decision(
    path,
    body,
    decision_type,
    *,
    yes,
    no,
    abstain=0,
    present=None,
    seats,
    notice=True,
    ends=None,
    by_ballot=False,
):
    """The competence check of a decision of `body` (a body id of the charter at `path`),
    taken at a meeting or, `by_ballot`, by a ballot outside meetings."""
    return check_decision(
        charter=charter_of(path),
        body=BodyRef(name=body, definition=body, unit=None),
        decision_type=decision_type,
        tally=Tally(votes_for=yes, votes_against=no, votes_abstain=abstain, present=present),
        seats_filled=seats,
        notice_given=notice,
        ends=ends,
        by_ballot=by_ballot,
    )


def rules_failed(check) -> set[str]:
    return {failure.rule for failure in check.failures}


class TestAlphabetWorkersUnion:
    def test_amending_the_articles_needs_two_thirds_at_an_assembly(self):
        """Article 23: "a two-thirds majority vote at an Assembly". 60 delegates voting: 40
        is two thirds exactly; 39 is not."""
        assert decision(AWU, "assembly", "charter.amend", yes=40, no=20, seats=80).passed
        failed = decision(AWU, "assembly", "charter.amend", yes=39, no=21, seats=80)
        assert rules_failed(failed) == {"threshold"}

    def test_amending_the_articles_by_referendum_needs_two_thirds_of_the_votes(self):
        """Article 23: "a two-thirds majority vote referendum"; abstentions are not votes."""
        ok = decision(AWU, "referendum", "charter.amend", yes=200, no=100, abstain=500, seats=5000)
        assert ok.passed
        short = decision(AWU, "referendum", "charter.amend", yes=199, no=100, seats=5000)
        assert rules_failed(short) == {"threshold"}

    def test_an_amendment_not_advertised_in_advance_is_refused(self):
        """Article 23: only if "advertised … at least fourteen (14) days in advance"."""
        unnoticed = decision(AWU, "assembly", "charter.amend", yes=80, no=0, seats=80, notice=False)
        assert rules_failed(unnoticed) == {"notice"}

    def test_the_executive_council_decides_by_a_majority_of_its_members(self):
        """Article 9 §3(e): "by majority vote of its members". Four Chairs: 3 votes adopt; 2
        for and 1 against with all four present does not, though more voted for than against."""
        assert decision(
            AWU, "executive-council", "resolution", yes=3, no=1, present=4, seats=4
        ).passed
        failed = decision(AWU, "executive-council", "resolution", yes=2, no=1, present=4, seats=4)
        assert rules_failed(failed) == {"threshold"}

    def test_the_assembly_needs_a_majority_of_delegates_present(self):
        """Article 8 §5(a): "Quorum is a majority of delegates." 100 delegates: 51, not 50."""
        assert decision(AWU, "assembly", "resolution", yes=30, no=20, present=51, seats=100).passed
        failed = decision(AWU, "assembly", "resolution", yes=30, no=20, present=50, seats=100)
        assert rules_failed(failed) == {"quorum"}

    def test_thirty_percent_of_the_delegates_present_order_a_roll_call(self):
        """Article 8 §5(f): "at the request of thirty percent (30%) of the delegates present".
        60 present: 18 is 30%, 17 is not."""
        votes = dict(present=60, seats=100)
        assert decision(AWU, "assembly", "assembly.roll-call", yes=18, no=42, **votes).passed
        failed = decision(AWU, "assembly", "assembly.roll-call", yes=17, no=43, **votes)
        assert rules_failed(failed) == {"threshold"}

    def test_amendments_and_agreements_await_the_local_1400_executive_board(self):
        """Article 23: "subject to approval by the Local 1400 Executive Board"; Article 7
        §5(c): no agreement "without approval of the Local 1400 Executive Board". No time is
        set for either."""
        charter = charter_of(AWU)
        outside = ProcedureStep(
            kind=StepKind.OUTSIDE_APPROVAL, outside="CWA Local 1400 Executive Board"
        )
        assert charter.decision_type("charter.amend").procedure == (outside,)
        assert charter.decision_type("agreement.approve").procedure == (outside,)

    def test_the_assembly_rules_as_written(self):
        charter = charter_of(AWU)
        assembly = charter.body("assembly")
        assert not assembly.proxies_allowed  # 8 §5(d)
        assert (assembly.notice.meeting_days, assembly.notice.documents_days) == (30, 30)  # 8 §1(e)
        assert assembly.notice.emergency_meeting_days == 15  # 8 §7(b)
        assert charter.body("executive-council").visibility == "members"  # 9 §3(c)
        assert (
            charter.decision_type("work-committee.remove-member").appeal_to == "assembly"
        )  # 15 §2

    def test_the_chairs_are_elected_by_the_membership_for_two_years(self):
        """Article 11: the Chairs are elected "by vote of the membership" for two years."""
        (seats,) = charter_of(AWU).body("executive-council").seats
        assert (seats.by_members_of, seats.count, seats.term_months) == ("awu", 4, 24)

    def test_the_budget_is_ratified_on_the_executive_councils_proposal(self):
        """Article 21 §3(a): "The Executive Council must propose an annual budget to be ratified
        by an Assembly or referendum": one step before the ratification, the Council's
        proposal, which it adopts by a majority of its members (9 §3(e)): 3 of 4, not 2."""
        charter = charter_of(AWU)
        ratify = charter.decision_type("budget.ratify")
        assert {c.body for c in ratify.competences} == {"assembly", "referendum"}
        assert ratify.procedure == (
            ProcedureStep(
                kind=StepKind.RECOMMEND, body="executive-council", decision_type="budget.propose"
            ),
        )
        votes = dict(present=4, seats=4)
        assert decision(AWU, "executive-council", "budget.propose", yes=3, no=1, **votes).passed
        failed = decision(AWU, "executive-council", "budget.propose", yes=2, no=1, **votes)
        assert rules_failed(failed) == {"threshold"}

    def test_the_assembly_meets_each_year_and_the_council_each_month(self):
        """Article 8 §1(a): "The Annual Assembly must be held once per year." Article 9 §3(a):
        "These meetings must occur no less than once per month." """
        duties = {o.id: o for o in charter_of(AWU).obligations}
        assembly, council = duties["annual-assembly"], duties["council-meets-monthly"]
        assert (assembly.body, assembly.times, assembly.per_months) == ("assembly", 1, None)
        assert (council.body, council.times, council.per_months) == ("executive-council", 1, None)
        assert council.per_calendar_month and not assembly.per_calendar_month
        assert {assembly.form, council.form} == {ObligationForm.MEETS_AT_LEAST}

    def test_members_petition_for_a_referendum_and_a_special_assembly(self):
        """Article 20(b): "a petition of ten percent (10%) of the members"; Article 8 §7(a): "by
        petition of twenty percent (20%) of the members". 1,005 members: 10% is 100.5, so 101
        signatures, and 100 are not enough; 20% is 201."""
        kinds = {k.id: k for k in charter_of(AWU).petitions}
        referendum, special = kinds["referendum"], kinds["special-assembly"]
        for kind in (referendum, special):
            assert (kind.signers, kind.signers_of) == (Signers.MEMBERS_OF, "awu")
        assert referendum.threshold.required(1005) == 101
        assert (referendum.requires.kind, referendum.requires.body) == (
            Requirement.BALLOT,
            "referendum",
        )
        assert special.threshold.required(1005) == 201
        assert (special.requires.kind, special.requires.body) == (Requirement.MEETING, "assembly")

    def test_a_majority_of_the_four_chairs_calls_a_special_council_meeting(self):
        """Article 9 §3(b): "Special Executive Council meetings may be called by a majority of
        its members": more than half of the Chairs in office: three of the four, two of three
        with a seat vacant (not two of four: half is no majority). No period is set."""
        kind = next(k for k in charter_of(AWU).petitions if k.id == "special-council-meeting")
        assert (kind.signers, kind.signers_of) == (Signers.SEATS_OF, "executive-council")
        assert (kind.threshold.required(4), kind.threshold.required(3)) == (3, 2)
        assert (kind.collect_days, kind.requires.within_days) == (None, None)
        assert (kind.requires.kind, kind.requires.body) == (
            Requirement.MEETING,
            "executive-council",
        )

    def test_a_referendum_is_a_ballot_open_at_least_ten_days(self):
        """Article 20(c): "The voting period of a referendum must extend for at least 10 days":
        ten days and more, no upper limit; called by the bodies that direct it (20(b))."""
        rules = charter_of(AWU).body("referendum").ballots
        assert rules.allowed
        assert (rules.min_open_days, rules.max_open_days) == (10, None)
        assert set(rules.called_by) == {"executive-council", "assembly"}

    def test_an_election_by_ballot_stays_open_fifteen_days(self):
        """Article 11 §2(d): election ballots are sent "not less than fifteen (15) days prior
        to the date and time set for their return": 15 days at least, where a referendum's
        other questions need 10 (20(c))."""
        rules = charter_of(AWU).body("referendum").ballots
        assert rules.for_question("election").min_open_days == 15
        assert rules.for_question("motion", "resolution").min_open_days == 10

    def test_the_council_may_vote_between_its_meetings_by_name(self):
        """Article 9 §3(f): "Executive Council members may make motions and vote by telephone or
        other digital technologies"; its meetings are open to all members (9 §3(c)), so its
        votes are named."""
        rules = charter_of(AWU).body("executive-council").ballots
        assert rules.allowed and not rules.secret
        assert rules.called_by == ("executive-council",)

    def test_what_the_articles_leave_open_is_left_open(self):
        """Article 16 §2: "Reasonable notice must be given prior to any typical union meeting":
        no number of days, except the Assembly's own (8 §1(e)); and no quorum or turnout for a
        referendum (Article 20 sets none)."""
        charter = charter_of(AWU)
        assert charter.body("referendum").quorum is None
        for body in ("referendum", "executive-council", "finance-audit-committee"):
            notice = charter.body(body).notice
            assert (notice.meeting_days, notice.documents_days) == (None, None)
        assert charter.body("assembly").notice.meeting_days == 30


class TestAustralianGreensVictoria:
    def test_a_branch_area_needs_the_agreement_of_every_affected_branch(self):
        """Clause 7(3): "with the agreement of any affected branches": each affected branch,
        through its branch meeting, and every one of them."""
        (step,) = charter_of(AGV).decision_type("branch-area.define").procedure
        assert (step.kind, step.body, step.units) == (
            StepKind.UNITS_AGREE,
            "branch-meeting",
            UnitsConcerned.AFFECTED,
        )
        assert (step.needs.needed(1), step.needs.needed(3)) == (1, 3)

    def test_a_members_resolution_stands_for_a_year(self):
        """Clause 15(3): "For one year after a members' resolution is made, it must not be
        contradicted": a later members' resolution ending one of 2 March 2026 is refused on 1
        March 2027, however large its majority, and allowed from 2 March 2027."""
        meeting = BodyRef(name="Members' meeting", definition="members-meeting", unit=None)
        earlier = Target(
            reference="2026-00001",
            decision_type="members-resolution",
            is_open=True,
            status_label="adopted",
            body=meeting,
            decided_on=dt.date(2026, 3, 2),
        )

        def ending(on):
            return check_decision(
                charter=charter_of(AGV),
                body=meeting,
                decision_type="members-resolution",
                tally=Tally(votes_for=100, votes_against=0, present=120),
                seats_filled=4000,
                notice_given=True,
                ends=earlier,
                decided_on=on,
            )

        assert rules_failed(ending(dt.date(2027, 3, 1))) == {"protected"}
        assert ending(dt.date(2027, 3, 2)).passed

    def test_a_branch_substantive_proposal_needs_two_thirds_of_those_voting(self):
        """Schedule 1 item 4(4): "At least two thirds of the branch members in attendance who
        vote on the proposal". 10 for, 5 against is two thirds; 9 to 5 is not; abstainers do
        not vote on the proposal."""
        ok = decision(
            AGV,
            "branch-meeting",
            "local-policy.make",
            yes=10,
            no=5,
            abstain=3,
            present=18,
            seats=30,
        )
        assert ok.passed
        failed = decision(
            AGV, "branch-meeting", "local-policy.make", yes=9, no=5, present=14, seats=30
        )
        assert rules_failed(failed) == {"threshold"}

    def test_a_branch_meeting_without_four_members_cannot_decide(self):
        """Schedule 1 item 3: four branch members (six in a branch of 15 or more)."""
        failed = decision(AGV, "branch-meeting", "procedural", yes=3, no=0, present=3, seats=12)
        assert rules_failed(failed) == {"quorum"}
        assert decision(
            AGV, "branch-meeting", "procedural", yes=3, no=1, present=4, seats=12
        ).passed

    def test_a_branch_of_15_members_needs_six(self):
        """Schedule 1 item 3: every member of a branch sits at its meeting, so the seats filled
        are its members: 14 members need four, 15 need six."""
        assert decision(
            AGV, "branch-meeting", "procedural", yes=3, no=1, present=4, seats=14
        ).passed
        failed = decision(AGV, "branch-meeting", "procedural", yes=4, no=1, present=5, seats=15)
        assert rules_failed(failed) == {"quorum"}
        assert "at least 6 present (the unit has 15 members)" in failed.failures[0].message
        assert decision(
            AGV, "branch-meeting", "procedural", yes=5, no=1, present=6, seats=15
        ).passed

    def test_state_council_needs_a_majority_but_not_fewer_than_five(self):
        """Schedule 5 item 3: with 8 councillors in office a majority is five; with 7 it is
        four, but five are still needed."""
        failed = decision(AGV, "state-council", "procedural", yes=3, no=1, present=4, seats=7)
        assert rules_failed(failed) == {"quorum"}
        assert decision(AGV, "state-council", "procedural", yes=3, no=2, present=5, seats=7).passed

    def test_state_council_reconsiders_only_with_a_majority_of_current_councillors(self):
        """Schedule 5 item 4(3): "A majority of current State Councillors vote in favour". 15
        councillors: 8 adopt, 7 do not even with nobody against."""
        council = BodyRef(name="State Council", definition="state-council", unit=None)
        earlier = Target(
            reference="an earlier resolution",
            decision_type="substantive",
            is_open=True,
            status_label="adopted",
            body=council,
        )
        votes = dict(present=12, seats=15, ends=earlier)
        assert decision(AGV, "state-council", "decision.rescind", yes=8, no=4, **votes).passed
        failed = decision(AGV, "state-council", "decision.rescind", yes=7, no=0, **votes)
        assert rules_failed(failed) == {"threshold"}

    def test_a_general_meeting_needs_fifty_members(self):
        """Clause 39(7): "The quorum for a general meeting is 50." """
        failed = decision(
            AGV, "general-meeting", "procedural", yes=49, no=0, present=49, seats=4000
        )
        assert rules_failed(failed) == {"quorum"}

    def test_the_general_meeting_makes_only_special_and_procedural_resolutions(self):
        """Clause 39(10)."""
        charter = charter_of(AGV)
        taken = {t.id for t in charter.decision_types if t.competence_of("general-meeting")}
        assert taken == {"charter.amend", "state-councillor.remove", "procedural"}
        failed = decision(AGV, "general-meeting", "local-policy.make", yes=100, no=0, seats=4000)
        assert rules_failed(failed) == {"wrong_body"}

    def test_a_special_resolution_needs_a_hundred_voting_and_three_quarters(self):
        """Clause 39(11): "at least: (a) 100 members vote; and (b) 75% of the members voting at
        the meeting vote in favour". 75 to 25 passes; 74 to 26 does not; 90 to 9 is 91% but
        only 99 voted."""
        votes = dict(present=120, seats=4000)
        assert decision(AGV, "general-meeting", "charter.amend", yes=75, no=25, **votes).passed
        for yes, no in ((74, 26), (90, 9)):
            failed = decision(AGV, "general-meeting", "charter.amend", yes=yes, no=no, **votes)
            assert rules_failed(failed) == {"threshold"}

    def test_a_state_council_substantive_proposal_needs_both_majorities(self):
        """Schedule 5 item 4(3): "At least two thirds of State Councillors in attendance who
        vote on the proposal, and a majority of current State Councillors". 15 councillors:
        8 to 4 meets both; 7 to 2 is two thirds but not 8; 9 to 5 is 8 or more but not two
        thirds."""
        assert decision(
            AGV, "state-council", "substantive", yes=8, no=4, present=12, seats=15
        ).passed
        for yes, no in ((7, 2), (9, 5)):
            failed = decision(
                AGV, "state-council", "substantive", yes=yes, no=no, present=14, seats=15
            )
            assert rules_failed(failed) == {"threshold"}

    def test_a_members_meeting_needs_sixty_seven_for_a_plebiscite_and_seventy_five_to_decide(self):
        """Schedule 3 item 2(9): a plebiscite needs two thirds "and at least 67 members"; a
        members' meeting substantive proposal 75% "and at least 75 members". 66 to 33 is two
        thirds, but 66 members; 74 to 24 is 75%, but 74 members."""
        votes = dict(present=150, seats=4000)
        assert decision(
            AGV, "members-meeting", "plebiscite.initiate", yes=67, no=33, **votes
        ).passed
        failed = decision(AGV, "members-meeting", "plebiscite.initiate", yes=66, no=33, **votes)
        assert rules_failed(failed) == {"threshold"}
        assert decision(AGV, "members-meeting", "members-resolution", yes=75, no=25, **votes).passed
        failed = decision(AGV, "members-meeting", "members-resolution", yes=74, no=24, **votes)
        assert rules_failed(failed) == {"threshold"}

    def test_a_members_meeting_passes_by_consensus_only_with_sixty_seven_attending(self):
        """Schedule 3 item 2(8): (7)(e) and (f) proposals "may only be passed by consensus if at
        least 67 members are in attendance". 50 for and nobody against with 67 present is
        consensus; with 66 present the same vote is judged by item 2(9), which needs 67 (or 75)
        votes for and fails."""
        for decision_type in ("plebiscite.initiate", "members-resolution"):
            assert decision(
                AGV, "members-meeting", decision_type, yes=50, no=0, present=67, seats=4000
            ).passed
            failed = decision(
                AGV, "members-meeting", decision_type, yes=50, no=0, present=66, seats=4000
            )
            assert rules_failed(failed) == {"threshold"}
            # one against is no consensus, however many attend; 50 of 51 is not 67 (75) for
            failed = decision(
                AGV, "members-meeting", decision_type, yes=50, no=1, present=100, seats=4000
            )
            assert rules_failed(failed) == {"threshold"}

    def test_a_plebiscite_needs_sixty_percent_and_a_margin_of_three_percent_of_all_members(self):
        """Schedule 3 item 3(9)(a), (b). 4,000 members: the margin must be 120. 180 to 60
        passes (75%, margin 120); 179 to 60 misses the margin by one; 599 to 401 is under
        60%."""
        plebiscite = dict(body="members-plebiscite", decision_type="members-resolution", seats=4000)
        assert decision(AGV, yes=180, no=60, **plebiscite).passed
        for yes, no in ((179, 60), (599, 401)):
            assert rules_failed(decision(AGV, yes=yes, no=no, **plebiscite)) == {"threshold"}

    def test_the_first_nations_councillor_is_appointed_by_consensus(self):
        """Schedule 7 item 2(1)(a): "must be made by consensus": abstaining stands aside, one
        objection blocks."""
        votes = dict(present=7, seats=30)
        ok = decision(
            AGV, "first-nations-body", "state-councillor.appoint", yes=5, no=0, abstain=2, **votes
        )
        assert ok.passed
        blocked = decision(
            AGV, "first-nations-body", "state-councillor.appoint", yes=6, no=1, **votes
        )
        assert rules_failed(blocked) == {"threshold"}

    def test_the_meetings_as_written(self):
        charter = charter_of(AGV)
        general = charter.body("general-meeting")
        assert general.notice.meeting_days == 28 and not general.proxies_allowed  # 39(3), (12)
        members_meeting = charter.body("members-meeting")
        assert members_meeting.notice.meeting_days == 5  # Schedule 3 item 2(3)
        assert members_meeting.quorum.at_least == 50  # Schedule 3 item 2(4)
        assert not charter.body("branch-meeting").proxies_allowed  # Schedule 1 item 5
        seats = {(s.method, s.count) for s in charter.body("state-council").seats}
        assert seats == {("elected", 14), ("appointed", 1)}  # clause 21(1), (2)

    def test_a_special_resolution_counts_the_members_who_vote_not_those_who_abstain(self):
        """Clause 39(11): "(a) 100 members vote; and (b) 75% of the members voting". 75 for, 25
        against and 10 abstaining: 100 voted, 75% for. 75 for, 24 against and one abstaining:
        99 voted, so it fails, though 100 took part."""
        votes = dict(present=130, seats=4000)
        ok = decision(AGV, "general-meeting", "charter.amend", yes=75, no=25, abstain=10, **votes)
        assert ok.passed
        failed = decision(
            AGV, "general-meeting", "charter.amend", yes=75, no=24, abstain=1, **votes
        )
        assert rules_failed(failed) == {"threshold"}

    def test_the_first_nations_terms_of_reference_need_the_bodys_consent(self):
        """Clause 40(2): "may only be amended by State Council with the consent of the First
        Nations party body": one step after State Council's vote, the body's consent, with no
        time limit (none is written)."""
        amend = charter_of(AGV).decision_type("first-nations-terms.amend")
        assert [c.body for c in amend.competences] == ["state-council"]
        assert amend.procedure == (
            ProcedureStep(kind=StepKind.CONSENT, body="first-nations-body", within_days=None),
        )

    def test_a_members_forum_at_least_twice_each_year(self):
        """Clause 5(4): "At least twice each year, State Council must convene a members' forum,
        to which each member is invited"."""
        (duty,) = [o for o in charter_of(AGV).obligations if o.id == "members-forum-twice-a-year"]
        assert (duty.body, duty.times, duty.per_months) == ("state-council", 2, None)
        assert duty.meetings_of == "members-forum"
        forum = charter_of(AGV).body("members-forum")
        assert [s.method for s in forum.seats] == ["all_members"]
        assert not [t for t in charter_of(AGV).decision_types if t.competence_of("members-forum")]

    def test_state_council_answers_a_branch_within_sixty_days(self):
        """Clauses 12 and 13: "Within 60 days of a question being submitted, State Council must
        answer it in writing"; "Within 60 days of a proposal being submitted, State Council
        must: (a) decide whether to pass the proposal"."""
        duties = {o.id: o for o in charter_of(AGV).obligations}
        answered, decided = duties["branch-question-answered"], duties["branch-proposal-decided"]
        for duty, event, then in (
            (answered, "branch.question", "branch-question.answer"),
            (decided, "branch.proposal", "branch-proposal.decide"),
        ):
            assert duty.form == ObligationForm.WITHIN_DAYS
            assert (duty.body, duty.within_days) == ("state-council", 60)
            assert (duty.after_decision, duty.after_by, duty.then_decision) == (
                event,
                "branch-meeting",
                then,
            )

    def test_a_further_members_meeting_is_convened_within_fourteen_days(self):
        """Schedule 3 item 2(2): "If a meeting is called for, State Council must convene one
        within 14 days" — here, when a members' meeting calls for another."""
        (duty,) = [o for o in charter_of(AGV).obligations if o.id == "another-members-meeting"]
        assert (duty.body, duty.within_days, duty.then_decision) == ("state-council", 14, None)
        assert duty.meetings_of == "members-meeting"
        assert duty.after_decision == "members-meeting.another"

    def test_any_five_state_councillors_convene_a_meeting(self):
        """Schedule 5 item 1: "A State Council meeting may be convened: (a) by any five State
        Councillors": five signatures of seat holders, whatever the number entitled."""
        (kind,) = charter_of(AGV).petitions
        assert (kind.signers, kind.signers_of) == (Signers.SEATS_OF, "state-council")
        assert kind.threshold.form == ThresholdForm.MEMBERS
        assert (kind.threshold.required(15), kind.threshold.required(6)) == (5, 5)
        assert (kind.requires.kind, kind.requires.body) == (Requirement.MEETING, "state-council")
        # no period for signing nor for the meeting is set, and none is invented
        assert (kind.collect_days, kind.requires.within_days) == (None, None)

    def test_the_committee_runs_the_state_council_election_ballot(self):
        """Clause 25(1): the Committee conducts each State Council election; Schedule 6 item
        4(3): it must "run a ballot". A secret ballot of all members, called only by the
        Committee, that elects the fourteen councillors the members elect (clause 21(1))."""
        charter = charter_of(AGV)
        ballot = charter.body("state-council-election")
        assert [s.method for s in ballot.seats] == ["all_members"]
        assert ballot.ballots.allowed and ballot.ballots.secret
        assert ballot.ballots.called_by == ("constitutional-votes-committee",)
        (elected,) = [s for s in charter.body("state-council").seats if s.method == "elected"]
        assert (elected.by_members_of, elected.count) == (ballot.unit, 14)

    def test_what_the_constitution_leaves_open_is_left_open(self):
        """Schedule 1 item 2: "adequate notice"; Schedule 5 item 2: "as much notice of its
        meetings as it can"; and no quorum or turnout for a plebiscite."""
        charter = charter_of(AGV)
        for body in ("branch-meeting", "state-council"):
            notice = charter.body(body).notice
            assert (notice.meeting_days, notice.documents_days) == (None, None)
        assert charter.body("members-plebiscite").quorum is None
        assert charter.body("general-meeting").notice.meeting_days == 28  # 39(3)


class TestSacramentoDSA:
    def test_elections_need_a_tenth_of_the_members_other_votes_a_twentieth(self):
        """Quorum: "10% of the membership is required for all elections"; 5% for other votes.
        400 members: 40 present for an election, 39 are too few; 20 for a resolution."""
        votes = dict(yes=21, no=0, seats=400)
        assert decision(SAC, "general-membership", "election", present=40, **votes).passed
        failed = decision(SAC, "general-membership", "election", present=39, **votes)
        assert rules_failed(failed) == {"quorum"}
        assert "for 'Elections of officers' (40 of 400" in failed.failures[0].message
        assert decision(SAC, "general-membership", "resolution", present=21, **votes).passed

    def test_notice_per_type_and_in_hours_as_written(self):
        """Membership: charges "a minimum of two weeks before that meeting"; Amendments §1:
        "with 30 days notice"; Steering Committee: "an agenda ... at least 12 hours in
        advance". The motions' tests check these periods against a motion's circulation."""
        charter = load_charter_file(SAC)
        assert charter.decision_type("member.expel").notice.delta == dt.timedelta(days=14)
        assert charter.decision_type("charter.amend").notice.delta == dt.timedelta(days=30)
        steering = charter.body("steering-committee").notice.period("documents")
        assert steering.delta == dt.timedelta(hours=12)
        failed = decision(
            SAC, "general-membership", "member.expel", yes=30, no=5, seats=400, notice=False
        )
        assert rules_failed(failed) == {"notice"}
        assert "requires 14 days' notice" in failed.failures[0].message

    def test_the_general_membership_needs_five_percent_of_the_members(self):
        """Quorum: "5% of the membership". 400 members: 20 present decide, 19 do not."""
        assert decision(
            SAC, "general-membership", "resolution", yes=11, no=8, present=20, seats=400
        ).passed
        failed = decision(
            SAC, "general-membership", "resolution", yes=11, no=8, present=19, seats=400
        )
        assert rules_failed(failed) == {"quorum"}

    def test_expulsion_needs_two_thirds_and_notice(self):
        """Membership: "Expulsion … requires a two-thirds vote of the Local meeting", on charges
        sent two weeks ahead. 20 to 10 is two thirds; 19 to 10 is not."""
        votes = dict(present=40, seats=400)
        assert decision(SAC, "general-membership", "member.expel", yes=20, no=10, **votes).passed
        short = decision(SAC, "general-membership", "member.expel", yes=19, no=10, **votes)
        assert rules_failed(short) == {"threshold"}
        unnoticed = decision(
            SAC, "general-membership", "member.expel", yes=30, no=0, notice=False, **votes
        )
        assert rules_failed(unnoticed) == {"notice"}

    def test_a_committee_is_ratified_by_a_simple_majority(self):
        """Committees: "a simple majority vote in favor"; a tie fails."""
        votes = dict(present=30, seats=400)
        assert decision(
            SAC, "general-membership", "committee.ratify", yes=11, no=10, **votes
        ).passed
        tie = decision(SAC, "general-membership", "committee.ratify", yes=10, no=10, **votes)
        assert rules_failed(tie) == {"threshold"}

    def test_steering_committee_motions_need_a_majority_of_its_membership(self):
        """ "The Steering Committee motions need to pass by majority of the Steering Committee
        membership." Eight members: five adopt; four do not, even unopposed."""
        assert decision(
            SAC, "steering-committee", "resolution", yes=5, no=0, present=5, seats=8
        ).passed
        failed = decision(SAC, "steering-committee", "resolution", yes=4, no=0, present=5, seats=8)
        assert rules_failed(failed) == {"threshold"}

    def test_an_endorsement_needs_sixty_percent_of_a_five_percent_turnout(self):
        """Endorsements: "a ⅗ majority vote (or 60%) of a quorum of 5% of the chapter's general
        membership". 400 members: 20 must take part. 12 to 8 passes; 11 to 8 with one
        abstaining is under 60%; 12 to 7 is 19 taking part."""
        endorse = dict(
            body="general-membership", decision_type="endorsement", seats=400, by_ballot=True
        )
        assert decision(SAC, yes=12, no=8, present=20, **endorse).passed
        assert rules_failed(decision(SAC, yes=11, no=8, abstain=1, present=20, **endorse)) == {
            "threshold"
        }
        assert rules_failed(decision(SAC, yes=12, no=7, present=20, **endorse)) == {"threshold"}

    def test_the_meetings_as_written(self):
        charter = charter_of(SAC)
        notice = charter.body("general-membership").notice
        assert (notice.emergency_meeting_days, notice.emergency_declared_by) == (
            5,
            ("steering-committee",),
        )
        assert charter.body("steering-committee").visibility == "members"
        assert charter.body("local-convention").notice.documents_days == 30  # convention rules

    def test_a_campaign_is_approved_on_the_steering_committees_review(self):
        """Steering Committee: it "reviews all committee expenditures and campaigns, and
        agendizes such motions for ratification at the General Membership Meeting": one step
        before the General Membership's vote, the Steering Committee's review, by a majority of
        its membership (8 members: 5, not 4)."""
        approve = charter_of(SAC).decision_type("campaign.approve")
        assert [c.body for c in approve.competences] == ["general-membership"]
        assert approve.procedure == (
            ProcedureStep(
                kind=StepKind.RECOMMEND, body="steering-committee", decision_type="campaign.review"
            ),
        )
        votes = dict(present=6, seats=8)
        assert decision(SAC, "steering-committee", "campaign.review", yes=5, no=1, **votes).passed
        failed = decision(SAC, "steering-committee", "campaign.review", yes=4, no=1, **votes)
        assert rules_failed(failed) == {"threshold"}

    def test_the_meetings_the_bylaws_require(self):
        """ "a minimum of four General Membership Meetings annually"; the Steering Committee
        "must hold one in-person or virtual business meeting per month"; the Local Convention
        "shall be convened once per every calendar year"."""
        duties = {
            o.body: (o.times, o.per_months, o.per_calendar_month)
            for o in charter_of(SAC).obligations
        }
        assert duties == {
            "general-membership": (4, None, False),
            "steering-committee": (1, None, True),
            "local-convention": (1, None, False),
        }

    def test_the_general_membership_votes_by_online_poll_open_at_least_48_hours(self):
        """Quorum: "voting shall be conducted through an online poll sent out to the general
        membership via email. The poll in question shall be open for at least 48 hours":
        two days at least, no upper limit; secret, as elections must be."""
        rules = charter_of(SAC).body("general-membership").ballots
        assert rules.allowed and rules.secret
        assert (rules.min_open_days, rules.max_open_days) == (2, None)

    def test_endorsements_only_by_the_online_vote_and_elections_secret(self):
        """Endorsements "must be approved through a vote by the membership using Opavote or
        other similar electronic voting platforms": taken at a meeting, one fails the check
        (a retraction, `decision.rescind`, does not); "Voting in all elections will be
        conducted by secret ballot"."""
        rules = charter_of(SAC).body("general-membership").ballots
        assert rules.for_question("election").secret
        # 400 members, 40 voting (10 % turnout), 30 for: three quarters of those voting.
        endorse = dict(body="general-membership", decision_type="endorsement", seats=400)
        at_a_meeting = decision(SAC, yes=30, no=10, present=40, **endorse)
        assert rules_failed(at_a_meeting) == {"by_ballot_only"}
        assert decision(SAC, yes=30, no=10, present=40, by_ballot=True, **endorse).passed
        retract = dict(body="general-membership", decision_type="decision.rescind", seats=400)
        assert "by_ballot_only" not in rules_failed(decision(SAC, yes=30, no=10, **retract))

    def test_the_notice_the_bylaws_leave_open(self):
        """No notice is set for an ordinary General Membership Meeting (an Emergency Meeting:
        "five days notice"), nor for the Local Convention (its rules: "30 days in advance")."""
        charter = charter_of(SAC)
        general = charter.body("general-membership").notice
        assert (general.meeting_days, general.emergency_meeting_days) == (None, 5)
        convention = charter.body("local-convention").notice
        assert (convention.meeting_days, convention.documents_days) == (None, 30)


def test_the_eligibility_rules_say_what_the_constitutions_say():
    """AWU 8 §3(f): no Executive Council member as a delegate (and so, both ways, no delegate
    on the Council); AGV 31(2): two months past due; Sacramento: dues paid in full."""
    awu = charter_of(AWU).eligibility
    [rule] = awu.rules
    assert (rule.body, rule.incompatible_with, rule.articles) == (
        "assembly",
        ("executive-council",),
        ("art-8-3",),
    )
    assert awu.rules_for("executive-council") == (rule,)
    assert charter_of(AGV).eligibility.good_standing.dues_arrears_months_at_most == 2
    assert charter_of(SAC).eligibility.good_standing.dues_arrears_months_at_most == 0
    assert not charter_of(SAC).eligibility.rules
