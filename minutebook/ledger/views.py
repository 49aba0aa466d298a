"""The decision ledger: the list with its filters, a decision with its timeline, recording a
decision, and progress notes. Views parse input, call one access function or service, and
render a page or, for htmx, the fragment that changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from minutebook.bodies.access import bodies_recordable_by, require_insider, visible_body_ids
from minutebook.bodies.models import Body
from minutebook.charter.models import CharterVersion
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import UNIT_STEPS, CharterInvalid, StepKind
from minutebook.ledger.access import (
    can_report_progress,
    decision_for_viewer,
    decisions_visible_to,
)
from minutebook.ledger.forms import (
    DecisionCheckForm,
    DecisionForm,
    DecisionStepForm,
    LedgerFilterForm,
    OutsideStepForm,
    ProgressNoteForm,
)
from minutebook.ledger.selectors import (
    decision_outcome,
    decision_timeline,
    decision_type_names,
    decisions_filtered,
    procedure_rows,
)
from minutebook.ledger.services import (
    DecisionRefused,
    decision_add_progress,
    decision_check,
    decision_outside_step_record,
    decision_procedure,
    decision_record,
    decision_step_record,
    step_takers,
)

PAGE_SIZE = 25


def is_htmx(request) -> bool:
    """An htmx request for a fragment (not a history restore, which wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError at the fields it names (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def ledger(request):
    require_insider(request.user)
    charter = charter_in_force()
    bodies = Body.objects.filter(pk__in=visible_body_ids(request.user)).order_by("name")
    form = LedgerFilterForm(request.GET, bodies=bodies, charter=charter)
    decisions = decisions_filtered(decisions_visible_to(request.user), **form.filters())
    page = Paginator(decisions.select_related("body"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "type_names": decision_type_names(charter),
        "fragment": is_htmx(request),
        "can_record": bodies_recordable_by(request.user).exists(),
    }
    template = "ledger/decision_rows.html" if is_htmx(request) else "ledger/ledger.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _detail_context(request, decision, progress_form=None, step_form=None) -> dict:
    user = request.user
    may_report = can_report_progress(user, decision)
    if progress_form is None and may_report:
        progress_form = ProgressNoteForm(decision=decision)
    procedure = decision_procedure(decision)
    takers = step_takers(user, decision, procedure)
    step_taker = takers[0] if takers else None
    if step_form is None and step_taker is not None:
        step_form = _step_form(procedure, takers)
    spec = _decision_type_spec(decision)
    return {
        "currency": spec.amount.currency if spec and spec.amount else "",
        "affected_units": [unit.name for unit in decision.affected_units.all()],
        "procedure": procedure,
        "procedure_rows": procedure_rows(decision, procedure),
        "step_taker": step_taker,
        "step_form": step_form,
        "step_records": decision.steps.select_related("body", "recorded_by__member"),
        "decision": decision,
        "type_names": decision_type_names(charter_in_force()),
        "outcome": decision_outcome(decision),
        "timeline": decision_timeline(decision),
        "resulting_seats": decision.resulting_seats.select_related("member", "body"),
        "membership_changes": decision.membership_changes.select_related("member"),
        "charter_version_adopted": CharterVersion.objects.filter(adopted_by=decision).first(),
        # The motion it was adopted on, if any (same body: whoever reads one reads the other).
        # The ledger knows motions only through this reverse link, not by import.
        "motion": getattr(decision, "motion", None),
        "may_report": may_report,
        "progress_form": progress_form,
        "visible_body_ids": visible_body_ids(user),
    }


def _decision_type_spec(decision):
    try:
        return decision.charter_version.charter.decision_type(decision.decision_type)
    except KeyError:
        return None


def _step_form(procedure, takers, data=None):
    """The form for the step awaited: an outside body's answer, a unit's vote (with the
    unit's body to choose among those the user may record for), or a body's vote."""
    kind = procedure.current.step.kind
    if kind == StepKind.OUTSIDE_APPROVAL:
        return OutsideStepForm(data)
    return DecisionStepForm(data, bodies=takers if kind in UNIT_STEPS else None)


@login_required
def decision_detail(request, reference: str):
    decision = decision_for_viewer(request.user, reference)
    return render(request, "ledger/decision_detail.html", _detail_context(request, decision))


@login_required
@require_POST
def decision_progress(request, reference: str):
    decision = decision_for_viewer(request.user, reference)
    if not can_report_progress(request.user, decision):
        raise PermissionDenied("you may not report progress on this decision")
    form = ProgressNoteForm(request.POST, decision=decision)
    saved = False
    if form.is_valid():
        try:
            decision_add_progress(
                actor=request.user,
                decision=decision,
                written_on=form.cleaned_data["written_on"],
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = True
            if not is_htmx(request):
                messages.success(request, "Progress note added.")
                return redirect("ledger:detail", reference=decision.reference)
            decision = decision_for_viewer(request.user, reference)
            form = None  # a fresh form for the next note
    context = _detail_context(request, decision, progress_form=form)
    context["saved"] = saved
    template = (
        "ledger/decision_follow_up.html" if is_htmx(request) else "ledger/decision_detail.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def decision_step(request, reference: str):
    decision = decision_for_viewer(request.user, reference)
    procedure = decision_procedure(decision)
    takers = step_takers(request.user, decision, procedure)
    if not takers:
        raise PermissionDenied("you may not record a step of this decision")
    form = _step_form(procedure, takers, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if form.outside:
                step = decision_outside_step_record(
                    actor=request.user,
                    decision=decision,
                    decided_on=data["decided_on"],
                    given=data["given"],
                    reference=data["reference"],
                    document=data["document"],
                    irregular_reason=data["irregular_reason"],
                )
            else:
                step = decision_step_record(
                    actor=request.user,
                    decision=decision,
                    body=data.get("body") or takers[0],
                    decided_on=data["decided_on"],
                    tally=form.tally(),
                    irregular_reason=data["irregular_reason"],
                )
        except DecisionRefused as refused:
            for failure in refused.check.failures:
                form.add_error(None, failure.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if step.body_id is None:
                verdict = "given" if step.carried else "refused"
            else:
                verdict = "carried" if step.carried else "not carried"
            messages.success(request, f"The {step.noun} by {step.by_name} is recorded: {verdict}.")
            return redirect("ledger:detail", reference=decision.reference)
    return render(
        request, "ledger/decision_detail.html", _detail_context(request, decision, step_form=form)
    )


def _recording_setup(request):
    """The bodies the user may record for; outsiders get a 404, everyone else without such a
    body a 403."""
    require_insider(request.user)
    bodies = bodies_recordable_by(request.user)
    if not bodies.exists():
        raise PermissionDenied("only the secretary of a body or an administrator records decisions")
    return bodies.order_by("name"), charter_in_force()


@login_required
def decision_new(request):
    bodies, charter = _recording_setup(request)
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        bodies=bodies,
        charter=charter,
    )
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            decision = decision_record(actor=request.user, **form.record_arguments())
        except DecisionRefused as refused:
            refusal = refused.check
        except CharterInvalid as invalid:
            form.add_error("new_charter_text", [str(problem) for problem in invalid.problems])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            note = " as irregular" if decision.irregular else ""
            messages.success(request, f"Decision {decision.reference} recorded{note}.")
            return redirect("ledger:detail", reference=decision.reference)
    return render(
        request,
        "ledger/decision_form.html",
        {
            "form": form,
            "refusal": refusal,
            "show_irregular": refusal is not None or bool(form["record_irregular"].value()),
        },
    )


@login_required
@require_POST
def decision_new_check(request):
    """The charter's verdict on the decision being entered, before it is recorded."""
    bodies, charter = _recording_setup(request)
    form = DecisionCheckForm(request.POST, user=request.user, bodies=bodies, charter=charter)
    check = decision_check(**form.check_arguments()) if form.is_valid() else None
    return render(request, "ledger/check_verdict.html", {"check": check, "form": form})
