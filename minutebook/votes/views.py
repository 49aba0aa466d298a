"""Vote and election pages: the chair's console, casting, a vote's result, the published
receipts, elections. Views find the record through an access function (404 for those who may
not see the meeting), call one service, and render a page or an htmx fragment.

A receipt code is put straight into the response that casts the ballot and nowhere else: not
in the session, not in a flash message, not in a URL, so that nothing on the server keeps it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minutebook.bodies.access import member_of
from minutebook.bodies.models import Body
from minutebook.ledger.views import add_service_errors, is_htmx
from minutebook.meetings.access import can_chair_meeting, meeting_for_viewer
from minutebook.meetings.selectors import meeting_quorum
from minutebook.members.models import Member
from minutebook.motions.models import Amendment, Motion
from minutebook.votes import elections, services
from minutebook.votes.access import (
    ballot_state,
    can_chair_vote,
    election_for_viewer,
    vote_for_viewer,
    vote_for_voter,
)
from minutebook.votes.casting import cast_from_form
from minutebook.votes.forms import (
    CancelForm,
    ElectionForm,
    NominateForm,
    OpenVoteForm,
    ReceiptForm,
    RollCallForm,
    ShowOfHandsForm,
)
from minutebook.votes.models import (
    Candidate,
    Election,
    ElectionStatus,
    Eligibility,
    VoteMethod,
    VoteStatus,
)
from minutebook.votes.receipts import receipt_hash
from minutebook.votes.selectors import (
    ballots_cast,
    election_rounds,
    meeting_elections,
    meeting_votes,
    named_ballots,
    open_vote,
    projector_vote_context,
    published_receipts,
    vote_panel_context,
)


def _require_chair(user, meeting) -> None:
    if not can_chair_meeting(user, meeting):
        raise PermissionDenied("only the chair runs the votes")


def _console_context(request, meeting, *, open_form=None, refusal=None) -> dict:
    vote = open_vote(meeting)
    roll = []
    if vote is not None and vote.method == VoteMethod.ROLL_CALL:
        recorded = {ballot.voter_id: ballot for ballot in named_ballots(vote)}
        for row in Eligibility.objects.filter(vote=vote).select_related("member", "proxy"):
            roll.append({"row": row, "ballot": recorded.get(row.member_id)})
        roll.sort(key=lambda entry: entry["row"].member.full_name)
    return {
        "meeting": meeting,
        "vote": vote,
        "cast": ballots_cast(vote) if vote else 0,
        "roll": roll,
        "quorum": meeting_quorum(meeting),
        "open_form": open_form or OpenVoteForm(meeting=meeting),
        "hands_form": ShowOfHandsForm(),
        "cancel_form": CancelForm(),
        "refusal": refusal,
        "votes": meeting_votes(meeting),
        "elections": meeting_elections(meeting),
        "result": projector_vote_context(meeting),
    }


@login_required
def console(request, meeting_id: int):
    """The chair's console: open a vote, run it (counts, roll call), close it."""
    meeting = meeting_for_viewer(request.user, meeting_id)
    _require_chair(request.user, meeting)
    return render(request, "votes/console.html", _console_context(request, meeting))


def _subject(meeting, subject: dict) -> dict:
    if "motion" in subject:
        return {"motion": Motion.objects.get(pk=subject["motion"], meeting=meeting)}
    if "amendment" in subject:
        return {
            "amendment": Amendment.objects.get(pk=subject["amendment"], motion__meeting=meeting)
        }
    return {"election": Election.objects.get(pk=subject["election"], meeting=meeting)}


@login_required
@require_POST
def vote_open(request, meeting_id: int):
    meeting = meeting_for_viewer(request.user, meeting_id)
    _require_chair(request.user, meeting)
    form = OpenVoteForm(request.POST, meeting=meeting)
    refusal = None
    if form.is_valid():
        try:
            services.vote_open(
                actor=request.user,
                meeting=meeting,
                method=form.cleaned_data["method"],
                proceed=form.cleaned_data["proceed"],
                proceed_reason=form.cleaned_data["proceed_reason"],
                **_subject(meeting, form.subject()),
            )
        except services.VoteRefused as refused:
            refusal = refused.problems
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The vote is open.")
            return redirect("votes:console", meeting_id=meeting.pk)
    context = _console_context(request, meeting, open_form=form, refusal=refusal)
    return render(request, "votes/console.html", context, status=422)


@login_required
@require_POST
def vote_roll_call(request, pk: int):
    vote = vote_for_viewer(request.user, pk)
    if not can_chair_vote(request.user, vote):
        raise PermissionDenied("only the chair records the roll call")
    form = RollCallForm(request.POST)
    if form.is_valid():
        voter = Member.objects.filter(pk=form.cleaned_data["voter"]).first()
        try:
            if voter is None:
                raise ValidationError("no such voter")
            services.vote_roll_call(
                actor=request.user, vote=vote, voter=voter, choice=form.cleaned_data["choice"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("votes:console", meeting_id=vote.meeting_id)


@login_required
@require_POST
def vote_close(request, pk: int):
    vote = vote_for_viewer(request.user, pk)
    if not can_chair_vote(request.user, vote):
        raise PermissionDenied("only the chair closes a vote")
    counts = {}
    if vote.method == VoteMethod.SHOW_OF_HANDS:
        form = ShowOfHandsForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Enter the votes for and against.")
            return redirect("votes:console", meeting_id=vote.meeting_id)
        counts = {k: v for k, v in form.cleaned_data.items() if v is not None}
    try:
        services.vote_close(actor=request.user, vote=vote, **counts)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("votes:console", meeting_id=vote.meeting_id)
    messages.success(request, "The vote is closed.")
    return redirect("votes:detail", pk=vote.pk)


@login_required
@require_POST
def vote_cancel(request, pk: int):
    vote = vote_for_viewer(request.user, pk)
    if not can_chair_vote(request.user, vote):
        raise PermissionDenied("only the chair cancels a vote")
    form = CancelForm(request.POST)
    try:
        form.is_valid()
        services.vote_cancel(
            actor=request.user, vote=vote, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The vote is cancelled.")
    return redirect("votes:console", meeting_id=vote.meeting_id)


@never_cache
@login_required
@require_POST
def vote_cast(request, pk: int):
    """Cast a ballot. The answer (an htmx fragment, or a page without JavaScript) is the only
    place the receipt code of a secret ballot ever appears."""
    vote = vote_for_voter(request.user, pk)
    context = cast_from_form(request.user, vote, request.POST)
    if context["refused"] and not is_htmx(request):
        raise PermissionDenied(context["error"])
    context["oob"] = is_htmx(request)
    if is_htmx(request):
        return render(request, "votes/my_ballot.html", context)
    context["panel"] = vote_panel_context(vote.meeting, vote)
    return render(request, "votes/vote_cast.html", context, status=422 if context["error"] else 200)


@login_required
def vote_detail(request, pk: int):
    vote = vote_for_viewer(request.user, pk)
    context = {
        "vote": vote,
        "cast": ballots_cast(vote),
        "named": named_ballots(vote) if not vote.is_secret else None,
        "can_chair": can_chair_vote(request.user, vote),
        "panel": vote_panel_context(vote.meeting, vote),
        **ballot_state(request.user, vote),
    }
    if vote.election_id:
        context["rounds"] = election_rounds(vote.election.result)
    return render(request, "votes/vote_detail.html", context)


@login_required
def vote_receipts(request, pk: int):
    """The receipts of a closed secret ballot, each with what its ballot says, and a form to
    find one's own. The check runs in the browser when it can (the code never leaves it);
    the form posts it otherwise, and the server keeps nothing of it."""
    vote = vote_for_viewer(request.user, pk)
    if not vote.is_secret:
        raise PermissionDenied("only secret ballots have receipts")
    receipts = published_receipts(vote)
    form = ReceiptForm(request.POST or None)
    checked = found = None
    if request.method == "POST" and form.is_valid():
        checked = receipt_hash(form.cleaned_data["code"])
        found = next((r for r in receipts if r.receipt_hash == checked), None)
    return render(
        request,
        "votes/receipts.html",
        {"vote": vote, "receipts": receipts, "form": form, "checked": checked, "found": found},
    )


# Elections


@login_required
def election_new(request, meeting_id: int):
    meeting = meeting_for_viewer(request.user, meeting_id)
    _require_chair(request.user, meeting)
    bodies = [
        body
        for body in Body.objects.filter(chartered=True, dissolved_by__isnull=True).order_by("name")
        if elections.electing_rule(meeting.body, body) is not None
    ]
    form = ElectionForm(
        request.POST or None,
        bodies=Body.objects.filter(pk__in=[body.pk for body in bodies]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            election = elections.election_create(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Nominations are open.")
            return redirect("votes:election", pk=election.pk)
    return render(
        request, "votes/election_form.html", {"form": form, "meeting": meeting, "bodies": bodies}
    )


@login_required
def election_detail(request, pk: int):
    election = election_for_viewer(request.user, pk)
    user = request.user
    member = member_of(user)
    vote = election.votes.exclude(status=VoteStatus.CANCELLED).order_by("-pk").first()
    candidates = list(election.candidates.select_related("member", "nominated_by__member"))
    chair = can_chair_meeting(user, election.meeting)
    for candidate in candidates:
        candidate.may_accept = (
            election.status == ElectionStatus.NOMINATING
            and candidate.accepted_at is None
            and (chair or (member is not None and candidate.member_id == member.pk))
        )
    context = {
        "election": election,
        "meeting": election.meeting,
        "candidates": candidates,
        "vote": vote,
        "can_chair": chair,
        "may_nominate": election.status == ElectionStatus.NOMINATING
        and elections.may_nominate(user, election),
        "nominate_form": NominateForm(),
        "panel": vote_panel_context(election.meeting, vote) if vote else None,
        **ballot_state(user, vote),
        "rounds": election_rounds(election.result),
        "latest": projector_vote_context(election.meeting),
        "seats": election.resulting_seats.select_related("member"),
        "may_fill": election.status == ElectionStatus.COUNTED
        and elections.may_fill_seats(user, election)
        and len(elections.elected_members(election)) > election.resulting_seats.count(),
    }
    return render(request, "votes/election_detail.html", context)


def _election_done(request, election, call, success: str):
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("votes:election", pk=election.pk)


@login_required
@require_POST
def election_nominate(request, pk: int):
    election = election_for_viewer(request.user, pk)
    form = NominateForm(request.POST)
    number = form.data.get("member", "").strip()
    nominee = Member.objects.filter(membership_number=number).first()
    if nominee is None:
        if not elections.may_nominate(request.user, election):
            raise PermissionDenied("only the chair or a voting member nominates")
        messages.error(request, f"There is no member with the number {number!r}.")
        return redirect("votes:election", pk=election.pk)
    return _election_done(
        request,
        election,
        lambda: elections.election_nominate(
            actor=request.user,
            election=election,
            member=nominee,
            proceed=request.POST.get("proceed") == "on",
            proceed_reason=request.POST.get("proceed_reason", ""),
        ),
        f"{nominee} is nominated.",
    )


@login_required
@require_POST
def candidate_accept(request, pk: int, candidate_id: int):
    election = election_for_viewer(request.user, pk)
    candidate = Candidate.objects.filter(pk=candidate_id, election=election).first()
    if candidate is None:
        raise Http404
    return _election_done(
        request,
        election,
        lambda: elections.candidate_accept(actor=request.user, candidate=candidate),
        f"{candidate.member} stands as a candidate.",
    )


@login_required
@require_POST
def election_open(request, pk: int):
    election = election_for_viewer(request.user, pk)
    _require_chair(request.user, election.meeting)
    try:
        services.vote_open(
            actor=request.user,
            meeting=election.meeting,
            method=VoteMethod.SECRET,
            election=election,
            proceed=request.POST.get("proceed") == "on",
            proceed_reason=request.POST.get("proceed_reason", ""),
        )
    except services.VoteRefused as refused:
        messages.error(
            request,
            "The ballot cannot open: "
            + "; ".join(refused.problems)
            + ". To proceed anyway, tick “proceed” (the election is then irregular).",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The ballot is open.")
    return redirect("votes:election", pk=election.pk)


@login_required
@require_POST
def election_fill(request, pk: int):
    election = election_for_viewer(request.user, pk)
    return _election_done(
        request,
        election,
        lambda: elections.election_fill_seats(actor=request.user, election=election),
        "The elected are seated.",
    )
