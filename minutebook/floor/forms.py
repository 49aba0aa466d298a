"""The few inputs of the floor's pages; the services check the rules."""

from __future__ import annotations

from django import forms

from minutebook.floor.models import RequestKind, Stance
from minutebook.floor.services import MAX_EXTENSION_SECONDS


class AskForm(forms.Form):
    kind = forms.ChoiceField(choices=RequestKind.choices)
    stance = forms.ChoiceField(choices=Stance.choices, required=False)
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_stance(self) -> str:
        return self.cleaned_data.get("stance") or Stance.NONE


class ExtendForm(forms.Form):
    seconds = forms.IntegerField(
        min_value=1, max_value=MAX_EXTENSION_SECONDS, label="Extra seconds"
    )
    reason = forms.CharField(max_length=500, label="Why more time")


class LimitForm(forms.Form):
    seconds = forms.IntegerField(min_value=1, label="Speaking limit in seconds")
    reason = forms.CharField(max_length=500, label="Why the limit changes")


class OptionsForm(forms.Form):
    pro_contra = forms.BooleanField(required=False)
    progressive = forms.BooleanField(required=False)


class ItemForm(forms.Form):
    """An agenda item of the meeting; empty for none."""

    agenda_item = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
