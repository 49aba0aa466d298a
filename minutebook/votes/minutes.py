"""The minutes' sections on motions and votes (order 60) and on elections (order 70),
registered in `VotesConfig.ready()`.

Every motion of the meeting with its original and final text, each amendment with its change,
every vote with its method and result: named votes list how each voted, secret ballots only
their totals; elections with their candidates, the count round by round and who was seated."""

from __future__ import annotations

from django.utils import timezone

from minutebook.charter.describe import threshold_words
from minutebook.meetings.minutes_sections import MinutesSection
from minutebook.motions.models import MotionStatus
from minutebook.motions.selectors import (
    amendment_threshold,
    meeting_motions,
    motion_notice_given,
    unified_diff,
)
from minutebook.votes.models import Choice, Vote, VoteMethod, VoteStatus
from minutebook.votes.selectors import election_rounds, meeting_elections, named_ballots

CHOICE_WORDS = {Choice.FOR: "For", Choice.AGAINST: "Against", Choice.ABSTAIN: "Abstaining"}


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


def _names(sponsors, role: str) -> str:
    return ", ".join(s.member.full_name for s in sponsors if s.role == role)


def _vote_lines(vote: Vote, *, closed: bool = False) -> list[str]:
    """The vote's outcome; with `closed` (a closed session kept from the reader) without how
    each seat holder voted."""
    if vote.status == VoteStatus.CANCELLED:
        return [f"- Vote by {vote.get_method_display().lower()} cancelled: {vote.explanation}"]
    if vote.status != VoteStatus.CLOSED:
        return [f"- Vote by {vote.get_method_display().lower()}: still open."]
    line = (
        f"- Vote by {vote.get_method_display().lower()}: {vote.votes_for} for, "
        f"{vote.votes_against} against, {vote.votes_abstain} abstaining; {vote.present} "
        + ("votes present (delegates carrying their unit's votes)" if vote.weighted else "")
        + ("" if vote.weighted else "entitled to vote")
        + f". **{'Adopted' if vote.adopted else 'Not adopted'}.** {vote.explanation}"
    )
    lines = [line]
    if vote.irregular:
        lines.append(f"  - **Irregular:** {vote.irregular_reason}")
    if closed:
        return lines
    if vote.method in (VoteMethod.ROLL_CALL, VoteMethod.NAMED):
        by_choice: dict[str, list[str]] = {}
        for ballot in named_ballots(vote):
            name = ballot.voter.full_name
            if ballot.cast_by_id and ballot.cast_by_id != ballot.voter_id:
                name += f" (by proxy {ballot.cast_by.full_name})"
            if vote.weighted:
                name += f" ({ballot.weight} vote{'s' if ballot.weight != 1 else ''})"
            by_choice.setdefault(ballot.choice, []).append(name)
        for choice, words in CHOICE_WORDS.items():
            if by_choice.get(choice):
                lines.append(f"  - {words}: {', '.join(by_choice[choice])}")
    elif vote.method == VoteMethod.SECRET:
        lines.append("  - Secret ballot: only the totals are recorded.")
    return lines


def _motion_markdown(motion) -> str:
    sponsors = list(motion.sponsors.all())
    versions = list(motion.versions.all())
    first, last = versions[0], versions[-1]
    mover = _names(sponsors, "author")
    if motion.proposing_body_id:
        mover = f"the {motion.proposing_body.name} (written by {mover})"
    parts = [
        f"### Motion {motion.pk}: {motion.title} ({motion.get_status_display().lower()})",
        "",
        f"Type `{motion.decision_type}`. Moved by {mover}"
        + (
            f"; co-sponsored by {_names(sponsors, 'cosponsor')}"
            if _names(sponsors, "cosponsor")
            else ""
        )
        + f". Submitted {timezone.localtime(motion.submitted_at):%d %B %Y}"
        + ("" if motion_notice_given(motion, motion.meeting) else " (**circulated late**)")
        + ".",
        "",
        "Original text:" if len(versions) > 1 else "Text:",
        "",
        _quote(first.text),
    ]
    for amendment in motion.amendments.all():
        authors = _names(list(amendment.sponsors.all()), "author")
        base = next(v for v in versions if v.pk == amendment.base_version_id)
        parts += [
            "",
            f"**Amendment {amendment.number}** by {authors} "
            f"({amendment.get_status_display().lower()}):",
            "",
            "```diff",
            unified_diff(
                base.text,
                amendment.text,
                old_name=f"version {base.number}",
                new_name=f"amendment {amendment.number}",
            ),
            "```",
            "",
            *[line for vote in amendment.votes.all() for line in _vote_lines(vote)],
        ]
    if len(versions) > 1:
        parts += ["", f"Final text (version {last.number}):", "", _quote(last.text)]
    votes = list(motion.votes.all())
    if votes:
        parts += ["", *[line for vote in votes for line in _vote_lines(vote)]]
    if motion.status == MotionStatus.REFERRED:
        parts += ["", f"Referred to the {motion.referred_to.name}. {motion.referral_note}".strip()]
    if motion.decision_id:
        parts += [
            "",
            f"Recorded as decision {motion.decision.reference}"
            + (" (irregular)" if motion.decision.irregular else "")
            + ".",
        ]
    return "\n".join(parts)


def _closed_motion_markdown(motion) -> str:
    """A motion debated in closed session, for a reader the charter keeps from it: its title,
    its outcome and the decision, which stay on the record."""
    parts = [
        f"### Motion {motion.pk}: {motion.title} ({motion.get_status_display().lower()})",
        "",
        f"Debated in closed session (item {motion.agenda_item.position}): its text, amendments "
        "and how each seat holder voted are read by those the charter names.",
    ]
    votes = list(motion.votes.all())
    if votes:
        parts += ["", *[line for vote in votes for line in _vote_lines(vote, closed=True)]]
    if motion.decision_id:
        parts += ["", f"Recorded as decision {motion.decision.reference}."]
    return "\n".join(parts)


def motions_section(meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    motions = list(meeting_motions(meeting).prefetch_related("votes", "amendments__votes"))
    if not motions:
        return []
    intro = (
        "Amendments are voted on before their motion; an amendment needs "
        f"{threshold_words(amendment_threshold(meeting.body))}."
    )
    body = "\n\n".join(
        [
            intro,
            *(
                _closed_motion_markdown(motion)
                if motion.agenda_item_id in hidden
                else _motion_markdown(motion)
                for motion in motions
            ),
        ]
    )
    return [MinutesSection(title="Motions, amendments and votes", markdown=body)]


def _rounds_table(result: dict) -> str:
    table = election_rounds(result)
    if not table or not table["rounds"]:
        return ""
    header = "| Candidate | " + " | ".join(f"Round {r['number']}" for r in table["rounds"]) + " |"
    rule = "|---|" + "---:|" * len(table["rounds"])
    rows = [header, rule]
    for row in table["rows"]:
        cells = []
        for cell in row["cells"]:
            value = "–" if cell["votes"] is None else str(cell["votes"])
            if cell["mark"]:
                value += f" ({cell['mark']})"
            cells.append(value)
        rows.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    if table["show_quota"]:
        rows.append(
            "| Quota | "
            + " | ".join(str(q if q is not None else "") for q in table["quotas"])
            + " |"
        )
    rows.append(
        "| Non-transferable / blank | " + " | ".join(str(v) for v in table["exhausted"]) + " |"
    )
    steps = [f"{r['number']}. {r['action']}" for r in table["rounds"]]
    return "\n".join(rows) + "\n\n" + "\n".join(steps)


def elections_section(meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    elections = list(meeting_elections(meeting).prefetch_related("candidates__member", "votes"))
    if not elections:
        return []
    parts = []
    for election in elections:
        standing = [c.member.full_name for c in election.candidates.all() if c.accepted_at]
        lines = [
            f"### {election.title} ({election.get_status_display().lower()})",
            "",
            f"{election.seats} seat(s) on the {election.body.name}; "
            f"{election.get_method_display()}. Candidates: {', '.join(standing) or 'none'}.",
        ]
        for vote in election.votes.all():
            if vote.irregular:
                lines += ["", f"**Irregular ballot:** {vote.irregular_reason}"]
        if election.result:
            result = election.result
            lines += [
                "",
                f"{result.get('ballots', 0)} ballot(s), {result.get('blank', 0)} blank. "
                f"**Elected: {', '.join(result.get('elected', [])) or 'nobody'}.** "
                f"Seed for draws by lot: {election.tie_seed}.",
                "",
                _rounds_table(result),
            ]
            seated = [seat.member.full_name for seat in election.resulting_seats.all()]
            if seated:
                lines += ["", f"Seated: {', '.join(seated)}."]
        parts.append("\n".join(lines))
    return [MinutesSection(title="Elections", markdown="\n\n".join(parts))]
