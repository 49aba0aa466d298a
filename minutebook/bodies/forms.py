"""Forms of the bodies' pages."""

from __future__ import annotations

from django import forms


class CensusForm(forms.Form):
    taken_on = forms.DateField(
        label="Census date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The members in good standing on this day are counted.",
    )
    label = forms.CharField(
        label="For", required=False, max_length=200, help_text="e.g. the 2026 Congress"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
