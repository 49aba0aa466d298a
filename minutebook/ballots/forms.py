"""Forms for ballots outside meetings. They parse input only; the services decide."""

from __future__ import annotations

import re

from django import forms

from minutebook.ballots.models import BallotChoice
from minutebook.bodies.models import Body
from minutebook.ledger.forms import Form
from minutebook.meetings.forms import DateTimeInput
from minutebook.members.models import Member
from minutebook.votes.models import ElectionMethod


class CallForm(Form):
    title = forms.CharField(label="Question", max_length=300)
    text = forms.CharField(
        label="Text of the motion", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    decision_type = forms.ChoiceField(label="Decision type", required=False)
    step_of = forms.CharField(
        label="…or ratify (consent to, veto) the decision",
        required=False,
        max_length=40,
        help_text="The reference of a decision that waits for this body's ratification, "
        "consent or veto: the ballot decides that step, on the decision's text.",
    )
    motion = forms.TypedChoiceField(
        label="…or decide a submitted motion",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The ballot decides the motion on its text and type (its last reading, where "
        "the charter reads such motions several times at meetings).",
    )
    opens_at = forms.DateTimeField(label="Opens", widget=DateTimeInput)
    closes_at = forms.DateTimeField(label="Closes", widget=DateTimeInput)

    def __init__(
        self,
        *args,
        decision_types: list[tuple[str, str]],
        motions: list[tuple[int, str]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["decision_type"].choices = [("", "Choose a type"), *decision_types]
        self.fields["motion"].choices = [("", "No motion"), *motions]
        if not motions:
            del self.fields["motion"]

    def clean(self):
        data = super().clean()
        named = data.get("motion") or (data.get("step_of") or "").strip()
        if not data.get("decision_type") and not named:
            self.add_error(
                "decision_type",
                "choose a decision type, name the decision to ratify or choose a motion",
            )
        return data


class ElectionCallForm(Form):
    """An election by ballot of the members: the seats, the counting method of the counting
    core, the candidates by membership number (one per line, or separated by commas)."""

    elects = forms.ModelChoiceField(
        label="Seats on", queryset=Body.objects.none(), to_field_name="slug"
    )
    seats = forms.IntegerField(label="Seats to fill", min_value=1)
    method = forms.ChoiceField(label="Counting method", choices=ElectionMethod.choices)
    candidates = forms.CharField(
        label="Candidates",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Their membership numbers, one per line or separated by commas.",
    )
    title = forms.CharField(label="Title", required=False, max_length=300)
    opens_at = forms.DateTimeField(label="Opens", widget=DateTimeInput)
    closes_at = forms.DateTimeField(label="Closes", widget=DateTimeInput)

    def __init__(self, data=None, *, electable, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["elects"].queryset = electable

    def clean_candidates(self) -> list[Member]:
        numbers = [n.strip() for n in re.split(r"[,\n]", self.cleaned_data["candidates"])]
        numbers = [n for n in numbers if n]
        found = {
            m.membership_number: m for m in Member.objects.filter(membership_number__in=numbers)
        }
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise forms.ValidationError(f"no member numbered {', '.join(unknown)}")
        if not numbers:
            raise forms.ValidationError("name at least one candidate")
        return [found[n] for n in numbers]


class CastForm(Form):
    choice = forms.ChoiceField(
        label="Your vote", choices=BallotChoice.choices, widget=forms.RadioSelect
    )


class CancelForm(Form):
    reason = forms.CharField(label="Why is the ballot cancelled?", max_length=500)
