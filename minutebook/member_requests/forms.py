"""The forms for making and answering a request. They parse input only: who may ask which
body, and who answers, is the services' to say."""

from __future__ import annotations

from django import forms

from minutebook.bodies.models import Body
from minutebook.ledger.forms import Form
from minutebook.member_requests.services import SUBJECT_MAX


class RequestForm(Form):
    body = forms.ChoiceField(label="To", help_text="The bodies the charter says answer you.")
    subject = forms.CharField(label="Subject", max_length=SUBJECT_MAX)
    text = forms.CharField(
        label="Your request",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Your question, complaint or request for information, as you want it answered.",
    )

    def __init__(self, *args, bodies: list[Body], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(body.slug, body.name) for body in bodies]


class AnswerForm(Form):
    answer = forms.CharField(
        label="The answer", widget=forms.Textarea(attrs={"rows": 8}), help_text="In writing."
    )
