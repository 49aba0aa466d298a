"""The demo organization: a fictional party with a year of record.

Everything is created through the same services the app uses, so the demo obeys its charter
(and its irregularities are recorded the way a secretary would record them). The data is the
same on every run: names come from fixed lists through a seeded generator, and the dates are
those of the story (`minutebook.demo.story`), moved to the week the demo is loaded in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from minutebook.bodies.apportionment import census_take
from minutebook.bodies.models import Body, Seat, SeatMethod
from minutebook.bodies.services import body_register_unchartered, seat_assign_office, seat_fill
from minutebook.charter.models import Unit
from minutebook.charter.services import charter_install_founding
from minutebook.demo.member_requests import load_requests
from minutebook.demo.petitions import load_petitions
from minutebook.demo.referendum import load_referendum
from minutebook.demo.story import on, spoken, told_today
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import Decision, DecisionStatus
from minutebook.ledger.services import decision_add_progress, decision_record
from minutebook.members.models import Member, MembershipStatus
from minutebook.members.services import member_change_status, member_register

DEMO_PASSWORD = "minutebook-demo"
CHARTER_FILE = Path(__file__).with_name("charter.yaml")
BRANCHES = (
    "harbour",
    "millbrook",
    "ironbridge",
    "ashford",
    "greenhill",
    "saltmarsh",
    "lighthouse",
    "bayview",
)
MEMBERS_PER_BRANCH = 25

FIRST_NAMES = [
    "Ada",
    "Amir",
    "Ana",
    "Aurelio",
    "Beatriz",
    "Bo",
    "Carmen",
    "Chidi",
    "Dana",
    "Darius",
    "Elif",
    "Emil",
    "Fatima",
    "Felix",
    "Greta",
    "Hamid",
    "Ines",
    "Ivan",
    "Jana",
    "Jonas",
    "Kaito",
    "Kemal",
    "Lena",
    "Lucas",
    "Maya",
    "Malik",
    "Nadia",
    "Nils",
    "Olga",
    "Omar",
    "Paula",
    "Pavel",
    "Rosa",
    "Rafael",
    "Sara",
    "Samuel",
    "Tara",
    "Tomas",
    "Una",
    "Viktor",
    "Wanda",
    "Yusuf",
    "Zoe",
    "Zoran",
]
LAST_NAMES = [
    "Abbott",
    "Achterberg",
    "Baker",
    "Barros",
    "Castell",
    "Dimitrov",
    "Eriksen",
    "Ferreira",
    "Galloway",
    "Haddad",
    "Ibsen",
    "Jovanovic",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Ramos",
    "Sandoval",
    "Tanaka",
    "Urquhart",
    "Varga",
    "Weller",
    "Xu",
    "Yilmaz",
    "Zapata",
    "Brennan",
    "Cardoso",
    "Devlin",
    "Esposito",
    "Fonseca",
    "Grieve",
    "Holm",
    "Iqbal",
]

# The people a visitor logs in as.
PERSONAS = {
    "admin": "administrator (sees everything)",
    "ana": "Central Committee secretary (records its decisions)",
    "tom": "Harbour Branch secretary (records the branch assembly's decisions)",
    "mira": "Standing Committee member (sees its closed records)",
    "rosa": "rank-and-file member of Harbour Branch",
}


def demo_logins() -> list[tuple[str, str]]:
    return [(role, username) for username, role in PERSONAS.items()]


@dataclass
class _World:
    admin: object
    units: dict[str, Unit]
    bodies: dict[str, Body]
    by_branch: dict[str, list[Member]] = field(default_factory=dict)
    persona: dict[str, Member] = field(default_factory=dict)

    def body(self, slug: str) -> Body:
        return self.bodies[slug]


@transaction.atomic
def demo_load() -> bool:
    """Load the demo organization; False (and nothing done) if it is already there."""
    User = get_user_model()
    if User.objects.filter(username="admin").exists():
        return False
    admin = User.objects.create_superuser(username="admin", email="", password=DEMO_PASSWORD)
    charter_install_founding(actor=admin, text=CHARTER_FILE.read_text(), source_name="charter.yaml")
    world = _World(
        admin=admin,
        units={unit.slug: unit for unit in Unit.objects.all()},
        bodies={body.slug: body for body in Body.objects.all()},
    )
    rng = random.Random(2025)
    with told_today():
        _enrol_members(world, rng, make_password(DEMO_PASSWORD))
        _elect_bodies(world, rng)
        _a_year_of_decisions(world)
        _meetings(world)
        load_petitions(world)
        load_referendum(world)
        load_requests(world)
    return True


def _names(rng: random.Random):
    seen = set()
    while True:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            yield name


def _enrol_members(world: _World, rng: random.Random, password_hash: str) -> None:
    names = _names(rng)
    fixed = {
        ("harbour", 0): ("rosa", "Rosa Lindqvist"),
        ("harbour", 1): ("tom", "Tomas Okafor"),
        ("millbrook", 0): ("ana", "Ana Ferreira"),
        ("ashford", 0): ("mira", "Maya Ramos"),
    }
    number = 1
    for branch in BRANCHES:
        world.by_branch[branch] = []
        for i in range(MEMBERS_PER_BRANCH):
            username, full_name = fixed.get((branch, i), (None, None))
            full_name = full_name or next(names)
            username = username or full_name.lower().replace(" ", ".")
            member = member_register(
                actor=world.admin,
                username=username,
                full_name=full_name,
                membership_number=f"WCP-{number:04d}",
                email=f"{username}@example.org",
                password_hash=password_hash,
                unit=world.units[branch],
                since=on(2025, 11, 1),  # the party's founding
                imported_status=MembershipStatus.MEMBER,
            )
            number += 1
            world.by_branch[branch].append(member)
            if username in PERSONAS:
                world.persona[username] = member
    for branch in ("greenhill", "saltmarsh", "harbour", "bayview"):
        full_name = next(names)
        member_register(
            actor=world.admin,
            username=full_name.lower().replace(" ", "."),
            full_name=full_name,
            membership_number=f"WCP-{number:04d}",
            password_hash=password_hash,
            unit=world.units[branch],
            since=on(2026, 9, 1),
        )
        number += 1


def _tally(yes: int, no: int = 0, abstain: int = 0, present: int | None = None) -> Tally:
    return Tally(
        votes_for=yes,
        votes_against=no,
        votes_abstain=abstain,
        present=present or yes + no + abstain,
    )


def _decide(
    world: _World,
    body: str,
    decision_type: str,
    day: dt.date,
    title: str,
    text: str,
    tally: Tally,
    **extra,
) -> Decision:
    return decision_record(
        actor=world.admin,
        body=world.body(body),
        decision_type=decision_type,
        decided_on=day,
        title=title,
        text=text,
        tally=tally,
        **extra,
    )


def _elect_bodies(world: _World, rng: random.Random) -> None:
    branch_offices = {}
    for branch in BRANCHES:
        assembly = world.body(f"branch-assembly.{branch}")
        members = world.by_branch[branch]
        secretary = world.persona["tom"] if branch == "harbour" else members[2]
        for member, office in ((members[3], "chair"), (secretary, "secretary")):
            seat = Seat.objects.get(body=assembly, member=member, ended_on__isnull=True)
            seat_assign_office(actor=world.admin, seat=seat, office=office)
        branch_offices[branch] = {members[3].pk, secretary.pk}

    # Delegates to the congress in proportion to each branch's members (article 4): the census
    # of 8 November counts 25 members in good standing in every branch, five delegates each.
    census_take(
        actor=world.admin,
        body=world.body("congress"),
        taken_on=on(2025, 11, 8),
        label="for the founding Congress",
    )
    delegates = set()
    for branch in BRANCHES:
        for member in world.by_branch[branch][4:9]:
            seat_fill(
                actor=world.admin,
                body=world.body("congress"),
                member=member,
                method=SeatMethod.ELECTED,
                starts_on=on(2025, 11, 15),
                constituency=world.units[branch],
            )
            delegates.add(member.pk)

    # District committees, nine each, elected by the district's members.
    for district in ("north", "valley", "coast"):
        body = world.body(f"district-committee.{district}")
        pool = [
            m
            for b in BRANCHES
            if world.units[b].parent.slug == district
            for m in world.by_branch[b][9:14]
        ]
        for index, member in enumerate(pool[:9]):
            seat_fill(
                actor=world.admin,
                body=body,
                member=member,
                method=SeatMethod.ELECTED,
                starts_on=on(2026, 2, 28),
                constituency=world.units[district],
                office="secretary" if index == 0 else "chair" if index == 1 else "",
            )

    congress_day = on(2025, 11, 29)
    present = _tally(38)
    cc_pool = [world.persona["ana"], world.persona["mira"]] + [
        m for b in BRANCHES for m in world.by_branch[b][14:18]
    ]
    cc_members = cc_pool[:30]
    cc_election = _decide(
        world,
        "congress",
        "resolution",
        congress_day,
        "Election of the Central Committee",
        "The Congress elects the thirty members of the Central Committee by single transferable vote:\n\n"
        + "\n".join(f"- {m.full_name}" for m in cc_members),
        _tally(35, 0, 3, present=38),
    )
    offices = {
        world.persona["ana"].pk: "secretary",
        cc_members[2].pk: "chair",
        cc_members[3].pk: "treasurer",
    }
    for member in cc_members:
        seat_fill(
            actor=world.admin,
            body=world.body("central-committee"),
            member=member,
            method=SeatMethod.ELECTED,
            starts_on=congress_day,
            source_decision=cc_election,
            office=offices.get(member.pk, ""),
        )
    control_members = [m for b in BRANCHES[:5] for m in world.by_branch[b][18:19]]
    control_election = _decide(
        world,
        "congress",
        "resolution",
        congress_day,
        "Election of the Control Commission",
        "The Congress elects the Control Commission:\n\n"
        + "\n".join(f"- {m.full_name}" for m in control_members),
        _tally(33, 2, 3, present=38),
    )
    for index, member in enumerate(control_members):
        seat_fill(
            actor=world.admin,
            body=world.body("control-commission"),
            member=member,
            method=SeatMethod.ELECTED,
            starts_on=congress_day,
            source_decision=control_election,
            office="secretary" if index == 0 else "",
        )
    del present, rng

    cc_day = on(2025, 12, 6)
    standing = [world.persona["mira"]] + [
        m for m in cc_members if m.pk != world.persona["ana"].pk and m != world.persona["mira"]
    ][:6]
    sc_election = _decide(
        world,
        "central-committee",
        "resolution",
        cc_day,
        "Election of the Standing Committee",
        "The Central Committee elects from among its members the Standing Committee:\n\n"
        + "\n".join(f"- {m.full_name}" for m in standing),
        _tally(26, 0, 2, present=28),
    )
    for index, member in enumerate(standing):
        seat_fill(
            actor=world.admin,
            body=world.body("standing-committee"),
            member=member,
            method=SeatMethod.ELECTED,
            starts_on=cc_day,
            source_decision=sc_election,
            office="secretary" if index == 1 else "chair" if index == 2 else "",
        )
    programme = [m for b in BRANCHES for m in world.by_branch[b][19:20]] + [
        world.by_branch["harbour"][20]
    ]
    appointment = _decide(
        world,
        "central-committee",
        "resolution",
        cc_day,
        "Appointment of the Programme Commission",
        "The Central Committee appoints the Programme Commission for two years:\n\n"
        + "\n".join(f"- {m.full_name}" for m in programme),
        _tally(24, 1, 3, present=28),
    )
    for index, member in enumerate(programme):
        seat_fill(
            actor=world.admin,
            body=world.body("programme-commission"),
            member=member,
            method=SeatMethod.APPOINTED,
            starts_on=cc_day,
            source_decision=appointment,
            office="chair" if index == 0 else "secretary" if index == 1 else "",
        )


def _a_year_of_decisions(world: _World) -> None:
    admin = world.admin
    cc, sc, congress = "central-committee", "standing-committee", "congress"

    _decide(
        world,
        congress,
        "program.amend",
        on(2025, 11, 30),
        "Programme: housing is a right",
        "Chapter 3 of the programme is replaced by the text circulated with the congress papers:"
        " housing is a right, not a commodity; the party campaigns for rent control and public building.",
        _tally(31, 5, 2),
        notice_given=True,
    )
    _decide(
        world,
        congress,
        "resolution",
        on(2025, 11, 30),
        "Debrief every national campaign",
        "Every national campaign ends with a written debrief, discussed in the Central Committee"
        " within three months of the campaign's end, including what went wrong.",
        _tally(36, 1, 1),
        responsible_body=world.body(cc),
        due_on=on(2027, 1, 31),
    )

    housing = _decide(
        world,
        cc,
        "resolution",
        on(2026, 1, 17),
        "National day of action for rent control",
        "The party organizes a national day of action for rent control, with events in every branch."
        " The Standing Committee prepares it and reports to the Central Committee.",
        _tally(25, 2, 1),
        responsible_body=world.body(sc),
        due_on=on(2026, 5, 1),
    )
    decision_add_progress(
        actor=admin,
        decision=housing,
        written_on=on(2026, 3, 14),
        text=f"Date fixed for {spoken(on(2026, 4, 25))}; five branches have booked venues.",
        status=DecisionStatus.IN_PROGRESS,
    )

    report = _decide(
        world,
        cc,
        "resolution",
        on(2026, 1, 17),
        "Programme Commission to report on the programme review",
        "The Programme Commission presents a written draft of the programme review, with the amendments"
        f" received from branches, to the Central Committee by {spoken(on(2026, 6, 30), year=True)}.",
        _tally(27, 0, 1),
        responsible_body=world.body("programme-commission"),
        due_on=on(2026, 6, 30),
    )
    del report

    budget = _decide(
        world,
        cc,
        "budget.spend",
        on(2026, 1, 17),
        f"Adopt the {on(2026, 1, 17).year} budget",
        f"The {on(2026, 1, 17).year} budget is adopted as circulated: income 182,400; spending 176,950.",
        _tally(26, 1, 1),
        responsible_body=world.body(sc),
        due_on=on(2026, 12, 31),
    )
    decision_add_progress(
        actor=admin,
        decision=budget,
        written_on=on(2026, 7, 4),
        text="Half-year report: spending at 48 % of the budget.",
        status=DecisionStatus.IN_PROGRESS,
    )

    office = _decide(
        world,
        cc,
        "budget.spend",
        on(2026, 2, 21),
        "Rent a national office in Portside",
        "The party rents the office at 14 Quay Street for three years, up to 1,450 a month.",
        _tally(17, 8, 3),
        responsible_body=world.body(sc),
        due_on=on(2026, 4, 1),
    )
    _decide(
        world,
        cc,
        "decision.rescind",
        on(2026, 4, 18),
        "Rescind the Portside office lease decision",
        f"Decision {office.reference} is rescinded: the landlord raised the rent by 40 %, and the"
        " Standing Committee found a shared space with the tenants' union instead.",
        _tally(22, 4, 2),
        notice_given=True,
        ends=office,
    )

    leaflet = _decide(
        world,
        sc,
        "budget.spend",
        on(2026, 2, 3),
        "Print 20,000 leaflets for the day of action",
        "The Standing Committee orders 20,000 leaflets from the Ironbridge cooperative press, up to 1,100.",
        _tally(6, 0, 0),
        responsible_member=world.persona["mira"],
        due_on=on(2026, 3, 20),
    )
    decision_add_progress(
        actor=admin,
        decision=leaflet,
        written_on=on(2026, 3, 18),
        text="Leaflets delivered to all eight branches.",
        status=DecisionStatus.IMPLEMENTED,
    )
    _decide(
        world,
        sc,
        "resolution",
        on(2026, 6, 9),
        "Security review of the membership database",
        "The Standing Committee commissions an external review of how member data is stored.",
        _tally(5, 0, 1),
        responsible_member=world.persona["mira"],
        due_on=on(2027, 2, 1),
    )

    # The coordinating committee: a hand-picked group that the charter does not know.
    coordinating = body_register_unchartered(
        actor=admin, name="Coordinating Committee", unit=world.units["national"]
    )
    world.bodies[coordinating.slug] = coordinating
    _decide(
        world,
        coordinating.slug,
        "decision.rescind",
        on(2026, 7, 2),
        "Postpone the day of action indefinitely",
        "At an informal meeting the coordinating committee decided to drop the national day of action"
        f" ({housing.reference}).",
        _tally(6, 0, 0),
        ends=housing,
        irregular_reason="Reported by the Central Committee secretary: the 'Coordinating Committee' is not"
        " a body of the charter, its members were not elected, and the day of action is a decision of the"
        " Central Committee, which alone (or the Congress) may rescind it.",
    )

    # Branches admit members; a district suspends one, with charges, a hearing and an appeal route.
    applicants = list(
        Member.objects.filter(status=MembershipStatus.APPLICANT).order_by("membership_number")
    )
    for applicant in applicants[:2]:
        branch = applicant.unit_memberships.first().unit.slug
        admission = _decide(
            world,
            f"branch-assembly.{branch}",
            "member.admit",
            on(2026, 9, 15),
            f"Admission of {applicant.full_name}",
            f"{applicant.full_name} is admitted as a member of the party.",
            _tally(14, 0, 1),
        )
        member_change_status(
            actor=admin,
            member=applicant,
            status=MembershipStatus.MEMBER,
            effective_on=on(2026, 9, 15),
            decision=admission,
        )
    accused = world.by_branch["bayview"][24]
    suspension = _decide(
        world,
        "district-committee.coast",
        "member.suspend",
        on(2026, 8, 22),
        f"Suspension of {accused.full_name} for three months",
        f"Written charges were sent on {spoken(on(2026, 8, 1), year=True)} (misuse of branch funds,"
        f" 640). The member was heard on {spoken(on(2026, 8, 22), year=True)} and may appeal to the"
        " Control Commission within 30 days.",
        _tally(7, 1, 1),
        notice_given=True,
    )
    member_change_status(
        actor=admin,
        member=accused,
        status=MembershipStatus.SUSPENDED,
        effective_on=on(2026, 8, 22),
        decision=suspension,
        note="Three months; appeal to the Control Commission possible until"
        f" {spoken(on(2026, 9, 21))}.",
    )
    # The census for the next Congress: Greenhill and Saltmarsh, each with a member admitted,
    # have 26 members and six delegates; Bayview, with one suspended, 24 and still five.
    census_take(
        actor=admin,
        body=world.body("congress"),
        taken_on=on(2026, 11, 1),
        label="for the 2027 Congress",
    )

    for district in ("north", "valley", "coast"):
        _decide(
            world,
            f"district-committee.{district}",
            "resolution",
            on(2026, 3, 5),
            f"Canvassing plan for the {world.units[district].name}",
            "Each branch canvasses two estates a month and reports door counts to the district secretary.",
            _tally(8, 0, 1),
            due_on=on(2026, 12, 15),
        )
    harbour_plan = _decide(
        world,
        "branch-assembly.harbour",
        "resolution",
        on(2026, 4, 2),
        "Tenants' advice evening every Thursday",
        "The branch runs a tenants' advice evening every Thursday at the library.",
        _tally(17, 1, 2),
        responsible_member=world.persona["tom"],
        due_on=on(2026, 5, 1),
    )
    decision_add_progress(
        actor=admin,
        decision=harbour_plan,
        written_on=on(2026, 4, 30),
        text=f"First evening held on {spoken(on(2026, 4, 16))}; 23 tenants came.",
        status=DecisionStatus.IMPLEMENTED,
    )

    amended = _amend_notice_article(CHARTER_FILE.read_text())
    _decide(
        world,
        congress,
        "charter.amend",
        on(2026, 10, 10),
        "Every document names its authors",
        "Article 11 is amended: documents for any meeting must be circulated at least seven days before"
        " it, and every document names its authors.",
        _tally(34, 2, 2),
        notice_given=True,
        new_charter_text=amended,
        new_charter_source=f"charter-{on(2026, 10, 10):%Y-%m}.yaml",
    )


def _meetings(world: _World) -> None:
    """Central Committee meetings through the year, and a branch assembly in session today
    (see `minutebook.demo.meetings`)."""
    from minutebook.demo.meetings import load_meetings

    load_meetings(world)


def _amend_notice_article(text: str) -> str:
    marker = "  - id: art-11\n"
    start = text.index(marker)
    body_start = text.index("    text: |\n", start) + len("    text: |\n")
    addition = "      Every document names its authors. Anonymous papers are not circulated.\n"
    return text[:body_start] + addition + text[body_start:]
