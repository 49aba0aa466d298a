"""The form for starting a petition. It parses input only: whether the member may start a
petition of the kind is `minutebook.petitions.services.petition_start`'s to say."""

from __future__ import annotations

from django import forms

from minutebook.ledger.forms import Form
from minutebook.petitions.services import TITLE_MAX


class PetitionForm(Form):
    kind = forms.ChoiceField(
        label="Kind of petition", help_text="What the charter lets you require."
    )
    title = forms.CharField(label="Title", max_length=TITLE_MAX)
    demand = forms.CharField(
        label="The demand",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you require, in the words the signers put their names to.",
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
