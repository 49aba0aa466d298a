"""The meeting pages' forms. They only parse input; whether something may be done, and how, is
decided by `minutebook.meetings.services`."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.ledger.competence import Tally
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.meetings.selectors import absent_seat_holders, present_attendance, seat_holders
from minutebook.meetings.services import AgendaEntry
from minutebook.members.models import Member, MembershipStatus

_ALLOCATION = re.compile(r"^(?P<title>.*?)\s*\[(?P<minutes>\d+)\s*(?:min(?:utes?)?)?\]\s*$")


class Form(forms.Form):
    """Labels without a trailing colon, as on the ledger's forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError at the fields it names (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def parse_agenda(text: str) -> list[AgendaEntry]:
    """One item per line; a line may end with the minutes allocated in brackets:
    "Reports of the officers [20]"."""
    entries = []
    for line in text.splitlines():
        line = line.strip().lstrip("-*•").strip()
        if not line:
            continue
        match = _ALLOCATION.match(line)
        if match and match["title"]:
            entries.append(AgendaEntry(match["title"], int(match["minutes"])))
        else:
            entries.append(AgendaEntry(line))
    return entries


def _time_zone_help(text: str) -> str:
    return f"{text} Time zone: {timezone.get_current_timezone_name()}."


class ConveneForm(Form):
    title = forms.CharField(label="Title", max_length=300)
    starts_at = forms.DateTimeField(
        label="Starts", widget=DateTimeInput, help_text=_time_zone_help("Date and time.")
    )
    ends_at = forms.DateTimeField(label="Ends (optional)", required=False, widget=DateTimeInput)
    place = forms.CharField(label="Place", max_length=300, required=False)
    online_url = forms.URLField(
        label="Online link", required=False, assume_scheme="https",
        help_text="A place, an online link, or both.",
    )  # fmt: skip
    agenda = forms.CharField(
        label="Agenda",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One item per line. End a line with the minutes allocated in brackets, "
        "e.g. “Reports of the officers [20]”.",
    )
    kind = forms.ChoiceField(label="Kind of meeting", required=False)
    emergency = forms.BooleanField(label="Emergency meeting", required=False)
    emergency_declared_by = forms.ModelChoiceField(
        label="Emergency declared by", queryset=Body.objects.none(), required=False,
        to_field_name="slug",
    )  # fmt: skip
    emergency_reason = forms.CharField(
        label="Reasons for the emergency",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, declarers, emergency_allowed: bool, kinds=()):
        super().__init__(data)
        self.emergency_allowed = emergency_allowed
        if kinds:  # the kinds of meeting the charter names for the body
            self.fields["kind"].choices = [("", "Ordinary meeting")] + [
                (kind, kind.replace("-", " ").capitalize()) for kind in kinds
            ]
        else:
            del self.fields["kind"]
        if emergency_allowed:
            self.fields["emergency_declared_by"].queryset = declarers
        else:
            for name in ("emergency", "emergency_declared_by", "emergency_reason"):
                del self.fields[name]

    def convene_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data.get("ends_at"),
            "place": data.get("place") or "",
            "online_url": data.get("online_url") or "",
            "agenda": parse_agenda(data.get("agenda") or ""),
        }
        if data.get("kind"):
            arguments["kind"] = data["kind"]
        if self.emergency_allowed:
            arguments.update(
                emergency=bool(data.get("emergency")),
                emergency_declared_by=data.get("emergency_declared_by"),
                emergency_reason=data.get("emergency_reason") or "",
            )
        return arguments


class AgendaItemForm(Form):
    title = forms.CharField(label="Title", max_length=300)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes_allocated = forms.IntegerField(label="Minutes allocated", required=False, min_value=1)


class AgendaAddForm(AgendaItemForm):
    position = forms.IntegerField(
        label="Position", required=False, min_value=1, help_text="Empty: at the end."
    )


def _members_in_good_standing():
    return Member.objects.filter(status=MembershipStatus.MEMBER).order_by("full_name")


class DocumentForm(Form):
    title = forms.CharField(label="Title", max_length=300)
    text = forms.CharField(
        label="Text", widget=forms.Textarea(attrs={"rows": 12}), help_text="Markdown."
    )
    authors = forms.ModelMultipleChoiceField(
        label="Authors (members)", queryset=Member.objects.none(), required=False,
        to_field_name="membership_number",
        help_text="Every document names its authors: at least one member or body.",
    )  # fmt: skip
    author_bodies = forms.ModelMultipleChoiceField(
        label="Authors (bodies)", queryset=Body.objects.none(), required=False,
        to_field_name="slug",
    )  # fmt: skip
    agenda_item = forms.ModelChoiceField(
        label="For agenda item", queryset=AgendaItem.objects.none(), required=False,
        empty_label="No particular item",
    )  # fmt: skip

    def __init__(self, data=None, *, meeting: Meeting, initial=None):
        super().__init__(data, initial=initial)
        self.fields["authors"].queryset = _members_in_good_standing()
        self.fields["author_bodies"].queryset = Body.objects.filter(
            dissolved_by__isnull=True
        ).order_by("name")
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self.fields["agenda_item"].label_from_instance = lambda item: str(item)


def _member_choice(member: Member) -> tuple[str, str]:
    return (member.membership_number, f"{member.full_name} ({member.membership_number})")


class CheckInForm(Form):
    """The chair checks someone in: a seat holder, a member carrying a proxy, or a guest."""

    member = forms.ChoiceField(label="Member")
    proxy_for = forms.ChoiceField(label="Carrying the proxy of", required=False)
    proxy_directions = forms.CharField(
        label="Directions given with the proxy (if any)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How the absent member told their proxy to vote; empty for an undirected proxy.",
    )

    def __init__(self, data=None, *, meeting: Meeting, proxies_allowed: bool):
        super().__init__(data)
        present = present_attendance(meeting).values("member_id")
        holders = list(seat_holders(meeting).exclude(pk__in=present).order_by("full_name"))
        holder_ids = {member.pk for member in holders}
        others = [
            member
            for member in _members_in_good_standing().exclude(pk__in=present)
            if member.pk not in holder_ids
        ]
        self.fields["member"].choices = [
            ("", "Choose a member"),
            ("Seat holders not checked in", [_member_choice(m) for m in holders]),
            ("Other members (proxies, guests)", [_member_choice(m) for m in others]),
        ]
        if proxies_allowed:
            self.fields["proxy_for"].choices = [("", "Nobody: in their own right")] + [
                _member_choice(member) for member in absent_seat_holders(meeting)
            ]
        else:
            del self.fields["proxy_for"]
            del self.fields["proxy_directions"]

    def chosen_member(self) -> Member:
        return Member.objects.get(membership_number=self.cleaned_data["member"])

    def chosen_proxy(self) -> Member | None:
        number = self.cleaned_data.get("proxy_for")
        return Member.objects.get(membership_number=number) if number else None


class CheckOutForm(Form):
    member = forms.ChoiceField(label="Member")

    def __init__(self, data=None, *, meeting: Meeting):
        super().__init__(data)
        rows = present_attendance(meeting).select_related("member").order_by("member__full_name")
        self.fields["member"].choices = [("", "Choose a member")] + [
            _member_choice(row.member) for row in rows
        ]

    def chosen_member(self) -> Member:
        return Member.objects.get(membership_number=self.cleaned_data["member"])


class OpenForm(Form):
    chair = forms.ModelChoiceField(
        label="Chair", queryset=Member.objects.none(), to_field_name="membership_number"
    )

    def __init__(self, data=None, *, initial_chair: Member | None = None):
        super().__init__(
            data, initial={"chair": initial_chair.membership_number if initial_chair else None}
        )
        self.fields["chair"].queryset = _members_in_good_standing()


class CancelForm(Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="On the record, for every member who may follow the meeting.",
    )


class ApproveMinutesForm(Form):
    meeting = forms.ModelChoiceField(
        label="Minutes of", queryset=Meeting.objects.none(), empty_label=None
    )
    votes_for = forms.IntegerField(label="For", min_value=0)
    votes_against = forms.IntegerField(label="Against", min_value=0)
    votes_abstain = forms.IntegerField(label="Abstaining", min_value=0, initial=0)
    present = forms.IntegerField(
        label="Present", min_value=0, help_text="Seat holders present or represented."
    )

    def __init__(self, data=None, *, awaiting, present: int | None = None):
        super().__init__(data, initial={"present": present})
        self.fields["meeting"].queryset = awaiting
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{timezone.localtime(meeting.starts_at):%d %B %Y}: {meeting.title}"
        )

    def tally(self) -> Tally:
        data = self.cleaned_data
        return Tally(
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            votes_abstain=data.get("votes_abstain") or 0,
            present=data["present"],
        )
