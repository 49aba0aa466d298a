"""Forms for motions and amendments. They parse input only: whether a motion may be submitted,
admitted or withdrawn is decided by `minutebook.motions.services`."""

from __future__ import annotations

from django import forms
from django.http import Http404

from minutebook.bodies.models import Body
from minutebook.ledger.access import decision_for_viewer
from minutebook.ledger.competence import Tally
from minutebook.ledger.forms import Form
from minutebook.meetings.models import OVER, AgendaItem, Meeting
from minutebook.members.models import Member


def _type_choices(charter) -> list[tuple[str, str]]:
    return [
        (spec.id, f"{spec.name} ({spec.id})") for spec in charter.decision_types if spec.competences
    ]


class AuthorsField(forms.CharField):
    """Members named by their membership numbers, separated by commas or spaces."""

    def clean(self, value):
        value = super().clean(value)
        numbers = [part for part in value.replace(",", " ").split() if part]
        members = {
            m.membership_number: m for m in Member.objects.filter(membership_number__in=numbers)
        }
        unknown = [number for number in numbers if number not in members]
        if unknown:
            raise forms.ValidationError(f"no member with the number {', '.join(unknown)}")
        return [members[number] for number in dict.fromkeys(numbers)]


class MotionForm(Form):
    body = forms.ModelChoiceField(
        label="To the body", queryset=Body.objects.none(), to_field_name="slug",
        help_text="The body that is to decide.",
    )  # fmt: skip
    meeting = forms.ModelChoiceField(
        label="For the meeting", queryset=Meeting.objects.none(), required=False,
        empty_label="No meeting yet",
    )  # fmt: skip
    decision_type = forms.ChoiceField(
        label="Decision type",
        help_text="The charter says which bodies may take it, and by what majority.",
    )
    title = forms.CharField(label="Title", max_length=300)
    text = forms.CharField(
        label="Text", widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. For a charter amendment: the whole charter as amended (YAML).",
    )  # fmt: skip
    authors = AuthorsField(
        label="Authors (membership numbers)",
        help_text="Everyone who wrote the motion, separated by commas. Others can sign it as "
        "co-sponsors once it is submitted.",
    )
    proposing_body = forms.ModelChoiceField(
        label="Moved in the name of", queryset=Body.objects.none(), required=False,
        to_field_name="slug", empty_label="Its authors",
        help_text="Only for a motion a body moves, entered by that body's secretary.",
    )  # fmt: skip
    ends = forms.CharField(
        label="Rescinds or amends decision", required=False, max_length=40,
        help_text="The reference of the decision this motion would end, if any.",
    )  # fmt: skip

    def __init__(self, data=None, *, user, bodies, meetings, proposing_bodies, charter, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["body"].queryset = bodies
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.body.name}: {meeting.title} ({meeting.starts_at:%d %b %Y})"
        )
        self.fields["proposing_body"].queryset = proposing_bodies
        self.fields["decision_type"].choices = [("", "Choose a type"), *_type_choices(charter)]

    def clean_ends(self):
        reference = self.cleaned_data["ends"].strip()
        if not reference:
            return None
        try:
            return decision_for_viewer(self.user, reference)
        except Http404:
            raise forms.ValidationError(f"there is no decision {reference} open to you") from None


class AmendmentForm(Form):
    text = forms.CharField(
        label="The motion's text as amended", widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Edit the text as you want it to read; the change is shown line by line.",
    )  # fmt: skip
    rationale = forms.CharField(
        label="Why", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    authors = AuthorsField(label="Authors (membership numbers)")


class RestateForm(Form):
    text = forms.CharField(
        label="The amendment restated on the current text",
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class AgendaItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.meeting.title}: {obj.position}. {obj.title}"


class AdmitForm(Form):
    """The agenda item to admit a motion to: of its meeting, or, for a motion on no meeting's
    agenda (submitted so, or carried after a reading), of the `meetings` given. A late motion
    is admitted with the counts of the meeting's vote."""

    agenda_item = AgendaItemChoice(label="Agenda item", queryset=AgendaItem.objects.none())
    votes_for = forms.IntegerField(label="For", min_value=0, required=False)
    votes_against = forms.IntegerField(label="Against", min_value=0, required=False)
    votes_abstain = forms.IntegerField(label="Abstaining", min_value=0, required=False)

    def __init__(self, data=None, *, meeting, meetings=None, **kwargs):
        super().__init__(data, **kwargs)
        items = AgendaItem.objects.select_related("meeting").order_by("meeting__starts_at")
        if meeting is not None:
            items = items.filter(meeting=meeting)
        else:
            items = items.filter(meeting__in=meetings if meetings is not None else [])
        self.fields["agenda_item"].queryset = items.order_by("meeting__starts_at", "position")

    def late_votes(self) -> Tally | None:
        data = self.cleaned_data
        if data.get("votes_for") is None and data.get("votes_against") is None:
            return None
        return Tally(
            votes_for=data.get("votes_for") or 0,
            votes_against=data.get("votes_against") or 0,
            votes_abstain=data.get("votes_abstain") or 0,
        )


class ReferForm(Form):
    to_body = forms.ModelChoiceField(
        label="Refer to", queryset=Body.objects.filter(chartered=True, dissolved_by__isnull=True),
        to_field_name="slug",
    )  # fmt: skip
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(Form):
    reason = forms.CharField(label="Reason", required=False, max_length=500)


def open_meetings():
    return Meeting.objects.exclude(status__in=OVER).select_related("body")
