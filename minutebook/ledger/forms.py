"""The ledger's forms: filtering the ledger, recording a decision, adding a progress note.

Forms only parse input. Whether a decision may be recorded, and how, is decided by
`minutebook.ledger.services`; whose records a user may see by the access functions."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.models import Unit
from minutebook.ledger.access import decision_for_viewer
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import DecisionStatus
from minutebook.ledger.services import ALLOWED_PROGRESS, CHARTER_AMEND
from minutebook.members.models import Member, MembershipStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _type_choices(charter) -> list[tuple[str, str]]:
    """The decision types some body of the charter may take."""
    return [
        (spec.id, f"{spec.name} ({spec.id})") for spec in charter.decision_types if spec.competences
    ]


class Form(forms.Form):
    """Labels without a trailing colon: they read as questions or names, and a colon after
    a checkbox's label reads oddly."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LedgerFilterForm(Form):
    q = forms.CharField(
        label="Search",
        required=False,
        help_text="Words in the reference, title or text.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    body = forms.ModelChoiceField(
        label="Body", queryset=Body.objects.none(), required=False, to_field_name="slug",
        empty_label="Any body",
    )  # fmt: skip
    decision_type = forms.ChoiceField(label="Type", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *DecisionStatus.choices]
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    irregular = forms.BooleanField(label="Irregular only", required=False)
    decided_from = forms.DateField(label="Decided from", required=False, widget=DateInput)
    decided_to = forms.DateField(label="Decided until", required=False, widget=DateInput)

    def __init__(self, data=None, *, bodies, charter):
        super().__init__(data)
        self.fields["body"].queryset = bodies
        self.fields["decision_type"].choices = [("", "Any type"), *_type_choices(charter)]

    def filters(self) -> dict:
        """The valid filters (an invalid one, such as a body not open to the viewer, is
        dropped and reported at its field)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "body": data.get("body"),
            "decision_type": data.get("decision_type") or "",
            "status": data.get("status") or "",
            "overdue": bool(data.get("overdue")),
            "irregular": bool(data.get("irregular")),
            "text": data.get("q") or "",
            "decided_from": data.get("decided_from"),
            "decided_to": data.get("decided_to"),
        }


class DecisionCheckForm(Form):
    """What the competence check needs: the body, the type, the day, the vote, the notice and
    the decision it would end."""

    body = forms.ModelChoiceField(
        label="Body", queryset=Body.objects.none(), to_field_name="slug",
        help_text="Only the bodies you may record for are listed.",
    )  # fmt: skip
    decision_type = forms.ChoiceField(
        label="Decision type",
        help_text="The check says whether the charter lets this body take it.",
    )
    decided_on = forms.DateField(label="Decided on", widget=DateInput)
    unanimous = forms.BooleanField(label="Adopted unanimously", required=False)
    votes_for = forms.IntegerField(label="Votes for", min_value=0, required=False)
    votes_against = forms.IntegerField(label="Votes against", min_value=0, required=False)
    votes_abstain = forms.IntegerField(label="Abstentions", min_value=0, required=False)
    present = forms.IntegerField(
        label="Members present", min_value=0, required=False,
        help_text="Needed for the quorum and for thresholds of the members present.",
    )  # fmt: skip
    notice_given = forms.BooleanField(
        label="Notice of the proposal was given with the call to the meeting", required=False
    )
    ends = forms.CharField(
        label="Ends decision",
        required=False,
        max_length=40,
        help_text="For a rescission or an amendment: the reference of the decision it ends.",
    )
    recommended_by = forms.CharField(
        label="On the recommendation",
        required=False,
        max_length=40,
        help_text="Where the charter decides this type on another body's recommendation: "
        "the reference of that recommendation.",
    )
    amount = forms.DecimalField(
        label="Amount", required=False, min_value=0, max_digits=16, decimal_places=2,
        help_text="For a decision type with an amount (an expenditure): steps of its "
        "procedure may depend on it.",
    )  # fmt: skip
    affected_units = forms.ModelMultipleChoiceField(
        label="Units affected", queryset=Unit.objects.none(), required=False,
        to_field_name="slug",
        help_text="Where the charter asks the agreement (or veto) of the units a decision "
        "affects: which they are.",
    )  # fmt: skip

    def __init__(self, data=None, files=None, *, user, bodies, charter, **kwargs):
        super().__init__(data, files, **kwargs)
        self.user = user
        self.fields["body"].queryset = bodies
        self.fields["decision_type"].choices = [("", "Choose a type"), *_type_choices(charter)]
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["affected_units"].queryset = Unit.objects.filter(dissolved_by__isnull=True)

    def clean_ends(self):
        return self._decision_named(self.cleaned_data["ends"])

    def clean_recommended_by(self):
        return self._decision_named(self.cleaned_data["recommended_by"])

    def _decision_named(self, reference: str):
        reference = reference.strip()
        if not reference:
            return None
        try:
            return decision_for_viewer(self.user, reference)
        except Http404:
            raise forms.ValidationError(f"there is no decision {reference} open to you") from None

    def tally(self) -> Tally:
        data = self.cleaned_data
        return Tally(
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            votes_abstain=data.get("votes_abstain"),
            unanimous=bool(data.get("unanimous")),
            present=data.get("present"),
        )

    def check_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "body": data["body"],
            "decision_type": data["decision_type"],
            "decided_on": data["decided_on"],
            "tally": self.tally(),
            "notice_given": bool(data.get("notice_given")),
            "ends": data.get("ends"),
            "recommended_by": data.get("recommended_by"),
            "amount": data.get("amount"),
            "affected_units": list(data.get("affected_units") or ()),
        }


class DecisionForm(DecisionCheckForm):
    title = forms.CharField(label="Title", max_length=300)
    text = forms.CharField(
        label="Text", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The decision as adopted. Markdown: *emphasis*, lists, links.",
    )  # fmt: skip
    responsible_body = forms.ModelChoiceField(
        label="Responsible body", queryset=Body.objects.none(), required=False,
        to_field_name="slug", empty_label="No body",
    )  # fmt: skip
    responsible_member = forms.ModelChoiceField(
        label="Responsible member", queryset=Member.objects.none(), required=False,
        to_field_name="membership_number", empty_label="No member",
    )  # fmt: skip
    due_on = forms.DateField(label="Due on", required=False, widget=DateInput)
    new_charter_text = forms.CharField(
        label="The amended charter (YAML)", required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Only for a charter amendment: the whole charter as amended.",
    )  # fmt: skip
    new_charter_file = forms.FileField(
        label="…or upload it", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
    )  # fmt: skip
    record_irregular = forms.BooleanField(label="Record it as irregular", required=False)
    irregular_reason = forms.CharField(
        label="Why it is recorded although it breaks the charter", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The record shows this reason with the decision, everywhere it appears.",
    )  # fmt: skip

    charter_source = "amended charter"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_body"].queryset = Body.objects.filter(
            dissolved_by__isnull=True
        ).order_by("name")
        self.fields["responsible_member"].queryset = Member.objects.filter(
            status=MembershipStatus.MEMBER
        ).order_by("full_name")
        self.fields["responsible_member"].label_from_instance = lambda member: (
            f"{member.full_name} ({member.membership_number})"
        )

    def clean_new_charter_file(self):
        upload = self.cleaned_data.get("new_charter_file")
        if not upload:
            return None
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("the file is not UTF-8 text") from None
        self.charter_source = upload.name
        # Show the uploaded charter in the text area, so that it survives a refused attempt
        # (a browser never sends a file twice).
        self.data = self.data.copy()
        self.data["new_charter_text"] = text
        return text

    def clean(self):
        data = super().clean()
        if data.get("new_charter_file"):
            data["new_charter_text"] = data["new_charter_file"]
        if data.get("record_irregular") and not (data.get("irregular_reason") or "").strip():
            self.add_error("irregular_reason", "say why the decision is recorded anyway")
        return data

    @property
    def is_charter_amendment(self) -> bool:
        return self["decision_type"].value() == CHARTER_AMEND

    def record_arguments(self) -> dict:
        data = self.cleaned_data
        irregular = bool(data.get("record_irregular"))
        charter_text = data.get("new_charter_text") or None
        return {
            **self.check_arguments(),
            "title": data["title"],
            "text": data["text"],
            "responsible_body": data.get("responsible_body"),
            "responsible_member": data.get("responsible_member"),
            "due_on": data.get("due_on"),
            "irregular_reason": data["irregular_reason"] if irregular else "",
            "new_charter_text": charter_text,
            "new_charter_source": self.charter_source,
        }


class ProgressNoteForm(Form):
    written_on = forms.DateField(label="Date", widget=DateInput)
    text = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label="Status after this note")

    def __init__(self, data=None, *, decision, **kwargs):
        super().__init__(data, **kwargs)
        allowed = ALLOWED_PROGRESS.get(decision.status, set())
        self.fields["status"].choices = [
            (value, label) for value, label in DecisionStatus.choices if value in allowed
        ]
        self.fields["status"].initial = decision.status
        self.fields["written_on"].initial = timezone.localdate()

    @property
    def is_open(self) -> bool:
        """Whether the decision can take progress notes at all."""
        return bool(self.fields["status"].choices)


class DecisionStepForm(Form):
    """The vote of the body that takes the step a decision waits for."""

    decided_on = forms.DateField(label="Date of the vote", widget=DateInput)
    votes_for = forms.IntegerField(label="Votes for", min_value=0)
    votes_against = forms.IntegerField(label="Votes against", min_value=0)
    votes_abstain = forms.IntegerField(label="Abstaining", min_value=0, required=False)
    present = forms.IntegerField(
        label="Present", min_value=0, required=False, help_text="Needed for the quorum."
    )
    irregular_reason = forms.CharField(
        label="Record as irregular, because",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if the step breaks the charter and must be on the record anyway; it "
        "then changes nothing.",
    )

    outside = False

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        if bodies:  # a units step: which unit's body answers
            self.fields = {
                "body": forms.ModelChoiceField(
                    label="The unit's body that answered",
                    queryset=Body.objects.filter(pk__in=[body.pk for body in bodies]),
                    to_field_name="slug",
                    initial=bodies[0],
                ),
                **self.fields,
            }

    def tally(self) -> Tally:
        data = self.cleaned_data
        return Tally(
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            votes_abstain=data.get("votes_abstain") or 0,
            present=data.get("present"),
        )


class OutsideStepForm(Form):
    """The answer of a body outside the organization whose approval the decision awaits."""

    outside = True

    decided_on = forms.DateField(label="Date of its answer", widget=DateInput)
    given = forms.TypedChoiceField(
        label="Its answer",
        choices=[("yes", "Approved"), ("no", "Refused")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label="Reference", max_length=300,
        help_text="Its letter, minute or resolution, as it is filed.",
    )  # fmt: skip
    document = forms.CharField(
        label="Document", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A link to it, or its text.",
    )  # fmt: skip
    irregular_reason = forms.CharField(
        label="Record as irregular, because",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if it breaks the charter (late, say) and must be on the record anyway; "
        "it then changes nothing.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
