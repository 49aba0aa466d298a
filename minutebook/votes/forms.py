"""Forms for the chair's console, elections and ballots. They parse input only; the services
decide what may be done."""

from __future__ import annotations

from django import forms

from minutebook.bodies.models import Body
from minutebook.ledger.forms import Form
from minutebook.motions.models import AmendmentStatus, Motion, MotionStatus
from minutebook.votes.models import BallotShape, Choice, ElectionMethod, ElectionStatus, VoteMethod


def question_choices(meeting) -> list[tuple[str, str]]:
    """What may be put to the vote at the meeting: its admitted (or debated) motions, their
    admitted amendments, and its elections taking nominations."""
    choices: list[tuple[str, str]] = []
    motions = Motion.objects.filter(
        meeting=meeting, status__in=(MotionStatus.ADMITTED, MotionStatus.DEBATED)
    ).prefetch_related("amendments")
    for motion in motions:
        for amendment in motion.amendments.all():
            if amendment.status == AmendmentStatus.ADMITTED:
                choices.append(
                    (
                        f"amendment:{amendment.pk}",
                        f"Amendment {amendment.number} to motion {motion.pk}: {motion.title}",
                    )
                )
        choices.append((f"motion:{motion.pk}", f"Motion {motion.pk}: {motion.title}"))
    for election in meeting.elections.filter(status=ElectionStatus.NOMINATING):
        choices.append((f"election:{election.pk}", f"Election: {election.title}"))
    return choices


class OpenVoteForm(Form):
    question = forms.ChoiceField(label="Put to the vote")
    method = forms.ChoiceField(label="Method", choices=VoteMethod.choices)
    proceed = forms.BooleanField(
        label="Proceed although the checks fail (the vote is recorded as irregular)",
        required=False,
    )
    proceed_reason = forms.CharField(
        label="Why the meeting proceeds", required=False, max_length=500
    )

    def __init__(self, data=None, *, meeting, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["question"].choices = [("", "Choose"), *question_choices(meeting)]

    def subject(self) -> dict:
        kind, _, pk = self.cleaned_data["question"].partition(":")
        return {kind: int(pk)}


class ShowOfHandsForm(Form):
    votes_for = forms.IntegerField(label="For", min_value=0)
    votes_against = forms.IntegerField(label="Against", min_value=0)
    votes_abstain = forms.IntegerField(label="Abstaining", min_value=0, required=False)


class RollCallForm(Form):
    voter = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=Choice.choices)


class CancelForm(Form):
    reason = forms.CharField(label="Why the vote is cancelled", max_length=500)


class ReceiptForm(Form):
    code = forms.CharField(
        label="Your receipt code", max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="As you were shown it when you voted, e.g. 7KQ2-9XMD-…",
    )  # fmt: skip


class ElectionForm(Form):
    body = forms.ModelChoiceField(
        label="Seats on", queryset=Body.objects.none(), to_field_name="slug"
    )
    seats = forms.IntegerField(label="Seats to fill", min_value=1)
    method = forms.ChoiceField(label="Counting method", choices=ElectionMethod.choices)
    title = forms.CharField(label="Title", required=False, max_length=300)

    def __init__(self, data=None, *, bodies, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["body"].queryset = bodies


class NominateForm(Form):
    member = forms.CharField(
        label="Membership number of the nominee", max_length=40,
        help_text="Nominate yourself with your own number: that counts as accepting.",
    )  # fmt: skip


def ballot_from_post(post, shape: str) -> list[list[int]]:
    """The ballot a form sent, as preference groups of candidate ids.

    One choice (`candidate`) for plurality, any number (`candidate`, repeated) for approval,
    and for ranked methods a number per candidate (`rank_<id>`: 1 for the first preference,
    empty for candidates left unranked); equal numbers make a group of equals."""
    if shape == BallotShape.SINGLE:
        chosen = [value for value in post.getlist("candidate") if value]
        return [[_int(value) for value in chosen]] if chosen else []
    if shape == BallotShape.APPROVAL:
        chosen = [_int(value) for value in post.getlist("candidate") if value]
        return [chosen] if chosen else []
    ranks: dict[int, list[int]] = {}
    for key, value in post.items():
        if not key.startswith("rank_") or not value.strip():
            continue
        rank = _int(value)
        if rank < 1:
            raise forms.ValidationError("ranks are 1, 2, 3…")
        ranks.setdefault(rank, []).append(_int(key.removeprefix("rank_")))
    return [ranks[rank] for rank in sorted(ranks)]


def _int(value) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise forms.ValidationError(f"{value!r} is not a number") from None
