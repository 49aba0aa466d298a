"""Motion pages: a meeting's motions with the live vote panel, a motion with its versions,
amendments and votes, and the forms and buttons of its workflow. Each view finds the record
through an access function (404 for those who may not see it), calls one service, and shows
the page again with what happened."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from minutebook.bodies.access import (
    bodies_recordable_by,
    member_of,
    require_insider,
    visible_body_ids,
)
from minutebook.bodies.models import Body
from minutebook.charter.selectors import charter_in_force
from minutebook.ledger.selectors import decision_type_names
from minutebook.ledger.views import add_service_errors
from minutebook.meetings.access import (
    can_chair_meeting,
    closed_items_hidden_from,
    meeting_for_viewer,
)
from minutebook.motions import services
from minutebook.motions.access import (
    amendment_for_viewer,
    can_amend_motion,
    can_chair_motion,
    can_cosponsor_amendment,
    can_cosponsor_motion,
    can_read_motion,
    can_record_motion,
    can_withdraw_amendment,
    can_withdraw_motion,
    motion_for_viewer,
)
from minutebook.motions.forms import (
    AdmitForm,
    AmendmentForm,
    MotionForm,
    ReferForm,
    RestateForm,
    WithdrawForm,
    open_meetings,
)
from minutebook.motions.models import AmendmentStatus, MotionStatus
from minutebook.motions.rules import lateness, motion_rules, readings_state
from minutebook.motions.selectors import (
    current_version,
    meeting_motions,
    motion_notice_given,
    motions_with_details,
    text_diff,
)
from minutebook.votes.access import ballot_state
from minutebook.votes.models import Vote
from minutebook.votes.selectors import projector_vote_context, vote_panel_context
from minutebook.web.actions import Outcome, action_view, attempt, tell


def _votes_by_question(votes) -> tuple[dict, dict]:
    by_motion: dict[int, list] = {}
    by_amendment: dict[int, list] = {}
    for vote in votes:
        if vote.motion_id:
            by_motion.setdefault(vote.motion_id, []).append(vote)
        elif vote.amendment_id:
            by_amendment.setdefault(vote.amendment_id, []).append(vote)
    return by_motion, by_amendment


def _list_context(request, meeting) -> dict:
    hidden = closed_items_hidden_from(request.user, meeting)
    motions = list(meeting_motions(meeting).exclude(agenda_item__in=hidden))
    votes = Vote.objects.filter(Q(motion__in=motions) | Q(amendment__motion__in=motions)).order_by(
        "opened_at", "pk"
    )
    by_motion, by_amendment = _votes_by_question(votes)
    for motion in motions:
        motion.vote_list = by_motion.get(motion.pk, [])
        for amendment in motion.amendments.all():
            amendment.vote_list = by_amendment.get(amendment.pk, [])
    return {
        "meeting": meeting,
        "motions": motions,
        "type_names": decision_type_names(charter_in_force()),
    }


@login_required
def meeting_motions_page(request, meeting_id: int):
    """The meeting's motions with their status and amendments, the open vote with its casting
    form, and the latest result, kept up to date live."""
    meeting = meeting_for_viewer(request.user, meeting_id)
    context = _list_context(request, meeting)
    if request.GET.get("fragment") == "list":
        return render(request, "motions/motion_list.html", context)
    panel = vote_panel_context(meeting)
    context.update(
        panel=panel,
        result=projector_vote_context(meeting),
        can_chair=can_chair_meeting(request.user, meeting),
        **ballot_state(request.user, panel["vote"]),
    )
    return render(request, "motions/meeting_motions.html", context)


def _versions_with_diffs(motion):
    versions = list(motion.versions.select_related("amendment").order_by("number"))
    previous = None
    for version in versions:
        version.diff = text_diff(previous.text, version.text) if previous else None
        previous = version
    return versions


@login_required
def motion_detail(request, pk: int):
    motion = motion_for_viewer(request.user, pk)
    motion = motions_with_details(type(motion).objects.filter(pk=motion.pk)).get()
    user = request.user
    amendments = list(motion.amendments.all())
    votes = list(
        Vote.objects.filter(Q(motion=motion) | Q(amendment__motion=motion))
        .select_related("amendment")
        .order_by("opened_at", "pk")
    )
    by_motion, by_amendment = _votes_by_question(votes)
    current = current_version(motion)
    for amendment in amendments:
        amendment.diff = text_diff(
            next(v.text for v in motion.versions.all() if v.pk == amendment.base_version_id),
            amendment.text,
        )
        amendment.outdated = amendment.base_version_id != current.pk
        amendment.vote_list = by_amendment.get(amendment.pk, [])
        amendment.may_withdraw = can_withdraw_amendment(user, amendment)
        amendment.may_cosponsor = can_cosponsor_amendment(user, amendment)
        amendment.may_admit = (
            amendment.status == AmendmentStatus.SUBMITTED
            and motion.status in (MotionStatus.ADMITTED, MotionStatus.DEBATED)
            and can_chair_motion(user, motion)
        )
    may_chair = can_chair_motion(user, motion)
    readings = readings_state(motion)
    admit_meetings = _meetings_to_admit_to(user, motion)
    context = {
        "motion": motion,
        "type_names": decision_type_names(charter_in_force()),
        "versions": _versions_with_diffs(motion),
        "current": current,
        "authors": [s for s in motion.sponsors.all() if s.role == "author"],
        "cosponsors": [s for s in motion.sponsors.all() if s.role == "cosponsor"],
        "amendments": amendments,
        "votes": by_motion.get(motion.pk, []),
        "notice_given": motion_notice_given(motion, motion.meeting) if motion.meeting_id else None,
        "decision_visible": motion.decision_id and motion.body_id in visible_body_ids(user),
        "may_cosponsor": can_cosponsor_motion(user, motion),
        "may_withdraw": can_withdraw_motion(user, motion),
        "may_amend": can_amend_motion(user, motion),
        "may_admit": motion.status == MotionStatus.SUBMITTED
        and (may_chair if motion.meeting_id else bool(admit_meetings)),
        "readings": readings,
        "may_read": can_read_motion(user, motion, readings),
        "late": lateness(motion, motion.meeting) if motion.meeting_id else None,
        "late_rules": motion_rules(motion.body).deadline_days is not None,
        "late_admissions": list(motion.late_admissions.select_related("meeting")),
        "may_debate": motion.status == MotionStatus.ADMITTED and may_chair,
        "may_refer": motion.status in (MotionStatus.ADMITTED, MotionStatus.DEBATED) and may_chair,
        "may_record": motion.status == MotionStatus.ADOPTED
        and not motion.decision_id
        and can_record_motion(user, motion),
        "admit_form": AdmitForm(meeting=motion.meeting, meetings=admit_meetings),
        "refer_form": ReferForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "motions/motion_detail.html", context)


def _meetings_to_admit_to(user, motion) -> list:
    """For a motion on no meeting's agenda: the body's coming meetings `user` may chair."""
    if motion.meeting_id is not None or motion.status != MotionStatus.SUBMITTED:
        return []
    meetings = open_meetings().filter(body=motion.body).order_by("starts_at")
    return [meeting for meeting in meetings if can_chair_meeting(user, meeting)]


def _proposal_setup(request):
    require_insider(request.user)
    bodies = Body.objects.filter(
        pk__in=visible_body_ids(request.user), chartered=True, dissolved_by__isnull=True
    ).order_by("name")
    meetings = open_meetings().filter(body__in=bodies).order_by("starts_at")
    return bodies, meetings


@login_required
def motion_new(request):
    bodies, meetings = _proposal_setup(request)
    member = member_of(request.user)
    initial = {"authors": member.membership_number if member else ""}
    if meeting_id := request.GET.get("meeting"):
        meeting = meetings.filter(pk=meeting_id).first()
        if meeting is not None:
            initial.update(meeting=meeting.pk, body=meeting.body.slug)
    form = MotionForm(
        request.POST or None,
        initial=initial,
        user=request.user,
        bodies=bodies,
        meetings=meetings,
        proposing_bodies=bodies_recordable_by(request.user).filter(chartered=True),
        charter=charter_in_force(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            motion = services.motion_submit(
                actor=request.user,
                body=data["body"],
                decision_type=data["decision_type"],
                title=data["title"],
                text=data["text"],
                authors=data["authors"],
                meeting=data.get("meeting"),
                ends=data.get("ends"),
                proposing_body=data.get("proposing_body"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Motion {motion.pk} submitted.")
            return redirect("motions:detail", pk=motion.pk)
    return render(request, "motions/motion_form.html", {"form": form})


@login_required
def motion_amend(request, pk: int):
    motion = motion_for_viewer(request.user, pk)
    if not can_amend_motion(request.user, motion):
        raise PermissionDenied("you may not amend this motion")
    member = member_of(request.user)
    current = current_version(motion)
    form = AmendmentForm(
        request.POST or None,
        initial={"text": current.text, "authors": member.membership_number if member else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_submit(
                actor=request.user,
                motion=motion,
                text=form.cleaned_data["text"],
                rationale=form.cleaned_data["rationale"],
                authors=form.cleaned_data["authors"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Amendment {amendment.number} submitted.")
            return redirect("motions:detail", pk=motion.pk)
    diff = text_diff(current.text, form["text"].value() or "") if request.method == "POST" else None
    return render(
        request,
        "motions/amendment_form.html",
        {"form": form, "motion": motion, "current": current, "diff": diff},
    )


def _back_to_motion(request, motion, outcome: Outcome):
    """Say what happened; back to the page the button was on (`next`), or the motion's."""
    tell(request, outcome)
    target = request.POST.get("next")
    if target and target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("motions:detail", pk=motion.pk)


def _done(request, motion, call, success: str):
    """Run one service; say what happened; back to the motion's page."""
    return _back_to_motion(request, motion, attempt(call, success))


def _motion_button(service, done: str):
    """A button on a motion's page that posts no input: `service(actor, motion)`. Who may
    press it is the service's to say."""
    return action_view(
        lambda request, pk: motion_for_viewer(request.user, pk),
        lambda user, motion: service(actor=user, motion=motion),
        done,
        _back_to_motion,
    )


def _amendment_button(service, done):
    """The same for an amendment: `service(actor, amendment)`, back to its motion."""
    return action_view(
        lambda request, pk: amendment_for_viewer(request.user, pk),
        lambda user, amendment: service(actor=user, amendment=amendment),
        done,
        lambda request, amendment, outcome: _back_to_motion(request, amendment.motion, outcome),
    )


motion_cosponsor = _motion_button(services.motion_cosponsor, "You co-sponsor the motion.")


@login_required
@require_POST
def motion_withdraw(request, pk: int):
    motion = motion_for_viewer(request.user, pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    return _done(
        request,
        motion,
        lambda: services.motion_withdraw(
            actor=request.user, motion=motion, reason=form.cleaned_data.get("reason", "")
        ),
        "The motion is withdrawn.",
    )


@login_required
@require_POST
def motion_admit(request, pk: int):
    motion = motion_for_viewer(request.user, pk)
    meetings = _meetings_to_admit_to(request.user, motion)
    if not (can_chair_motion(request.user, motion) or meetings):
        raise PermissionDenied("only the chair or the secretary admits motions")
    form = AdmitForm(request.POST, meeting=motion.meeting, meetings=meetings)
    if not form.is_valid():
        return _back_to_motion(request, motion, Outcome(error="Choose the agenda item."))
    item = form.cleaned_data["agenda_item"]
    return _done(
        request,
        motion,
        lambda: services.motion_admit(
            actor=request.user,
            motion=motion,
            meeting=item.meeting,
            agenda_item=item,
            late_votes=form.late_votes(),
        ),
        "The motion is admitted to the agenda.",
    )


def _read_at_its_meeting(*, actor, motion):
    if motion.meeting is None:
        raise ValidationError({"meeting": "the motion is on no meeting's agenda"})
    return services.motion_read(actor=actor, motion=motion, meeting=motion.meeting)


motion_read = _motion_button(
    _read_at_its_meeting, "The reading is recorded; the motion awaits its next meeting."
)


motion_debate = _motion_button(services.motion_debate, "The debate is open.")


@login_required
@require_POST
def motion_refer(request, pk: int):
    motion = motion_for_viewer(request.user, pk)
    if not can_chair_motion(request.user, motion):
        raise PermissionDenied("only the chair records a referral")
    form = ReferForm(request.POST)
    if not form.is_valid():
        return _back_to_motion(
            request, motion, Outcome(error="Choose the body to refer the motion to.")
        )
    return _done(
        request,
        motion,
        lambda: services.motion_refer(
            actor=request.user,
            motion=motion,
            to_body=form.cleaned_data["to_body"],
            note=form.cleaned_data["note"],
        ),
        f"The motion is referred to {form.cleaned_data['to_body'].name}.",
    )


motion_record = _motion_button(
    services.motion_record_decision, "The decision is recorded in the ledger."
)
amendment_cosponsor = _amendment_button(
    services.amendment_cosponsor, lambda amendment: f"You co-sponsor amendment {amendment.number}."
)
amendment_withdraw = _amendment_button(
    services.amendment_withdraw, lambda amendment: f"Amendment {amendment.number} is withdrawn."
)
amendment_admit = _amendment_button(
    services.amendment_admit, lambda amendment: f"Amendment {amendment.number} is admitted."
)


@login_required
def amendment_restate(request, pk: int):
    amendment = amendment_for_viewer(request.user, pk)
    if not can_withdraw_amendment(request.user, amendment):
        raise PermissionDenied("only the amendment's authors restate it")
    current = current_version(amendment.motion)
    form = RestateForm(request.POST or None, initial={"text": current.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_restate(
                actor=request.user, amendment=amendment, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Amendment {amendment.number} restated.")
            return redirect("motions:detail", pk=amendment.motion_id)
    return render(
        request,
        "motions/amendment_restate.html",
        {
            "form": form,
            "amendment": amendment,
            "motion": amendment.motion,
            "current": current,
            "was": text_diff(amendment.base_version.text, amendment.text),
        },
    )
