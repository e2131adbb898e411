"""One claim's card in the panel, and what can be done from it: edit the claim, add or
remove a citation, request a status change, withdraw a request or an edit, read its history.

Each action answers with the fresh card (htmx) or goes back to the claim on its story with
a message (no JavaScript). Content changes go through `claims.editing` (saved, or proposed
to an editor), status changes through `claims.workflow`, never around them. A form carries
the claim's revision count: if the claim changed since it was opened, the action is
refused (409) with what changed, and what was typed is kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import editing, workflow
from claims.content import attribution, cited
from claims.errors import WorkflowError
from claims.forms import (
    CitationForm,
    ClaimForm,
    RevisionForm,
    StatusRequestForm,
    WithdrawRequestForm,
)
from claims.models import Claim

from ..publishing import orphaned_claims
from .panel import ORPHAN_WARNING, annotate_claims, claim_url
from .responses import CONFLICT, INVALID, notice


def _editable_claim(user, pk):
    claims = Claim.objects.editable_by(user).current().select_related("article")
    return get_object_or_404(claims, pk=pk)


def _card(request, claim, *, mode="summary", status=200, **context):
    """The claim's card: the htmx fragment, or (without JS) a page of its own."""
    claim = Claim.objects.with_details().select_related("article").get(pk=claim.pk)
    claim = annotate_claims(claim.article, [claim], request.user)[0]
    if mode == "citations":
        context["working_citations"] = [c.label for c in cited(editing.working_content(claim))]
    if mode == "history":
        context["history"] = sorted(
            [*claim.status_changes.all(), *claim.revisions.select_related("author", "decided_by")],
            key=lambda event: (_when(event), event.pk),
        )
    context.update(claim=claim, mode=mode)
    template = "desk/claim_page.html"
    if request.htmx:
        template += "#card"
    return render(request, template, context, status=status)


def _when(event):
    return getattr(event, "requested_at", None) or event.created_at


def _done(request, claim, message, *, level=messages.SUCCESS):
    """After a successful change: the fresh card (htmx) or back to the story (no JS)."""
    if request.htmx:
        return _card(request, claim, notice=notice(level, message))
    messages.add_message(request, level, message)
    return HttpResponseRedirect(claim_url(claim))


def _refused(request, claim, message, *, status=CONFLICT, **context):
    """The action was refused: the claim changed meanwhile (409), or the form came back
    without what it must carry (422)."""
    if request.htmx or context:
        return _card(
            request, claim, notice=notice(messages.ERROR, message), status=status, **context
        )
    messages.error(request, message)
    return HttpResponseRedirect(claim_url(claim))


def _first_error(form):
    return next(iter(form.errors.values()))[0]


def _saved(request, claim, revision, what):
    """Say what became of an edit: nothing, saved, or waiting for an editor."""
    if revision is None:
        return _done(request, claim, "Nothing changed.", level=messages.INFO)
    claim.refresh_from_db()
    if revision.state == revision.State.PENDING:
        message = (
            f"{what} saved for review: readers and the publication gate see the approved "
            "claim until an editor approves the edit."
        )
    else:
        message = f"{what} saved."
    if claim.is_live and orphaned_claims(claim.article, [claim]):
        return _done(request, claim, f"{message} {ORPHAN_WARNING}", level=messages.WARNING)
    return _done(request, claim, message)


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def claim_detail(request, pk):
    """A claim's card (htmx: to close a form); without JS, the claim on its story."""
    claim = _editable_claim(request.user, pk)
    if request.htmx:
        return _card(request, claim)
    return HttpResponseRedirect(claim_url(claim))


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@permission_required("claims.change_claim", raise_exception=True)
def edit_claim(request, pk):
    claim = _editable_claim(request.user, pk)
    working = editing.working_content(claim)
    citations = working["citations"]
    if request.method == "GET":
        initial = ClaimForm.initial_for(working, claim.revision)
        return _card(
            request, claim, mode="edit", form=ClaimForm(initial=initial, citations=citations)
        )
    form = ClaimForm(request.POST, citations=citations)
    if not form.is_valid():
        return _card(request, claim, mode="edit", form=form, status=INVALID)
    try:
        revision = editing.edit(
            claim,
            request.user,
            form.content(working["citations"]),
            seen=form.cleaned_data["revision"],
        )
    except WorkflowError as error:
        return _refused(request, claim, str(error), mode="edit", form=form)
    return _saved(request, claim, revision, "Claim")


def citation_form(claim, data=None):
    return CitationForm(data, prefix="citation", auto_id=f"claim-{claim.pk}-%s")


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def citations(request, pk):
    """GET: the claim's citations with the Add citation form. POST: add one."""
    claim = _editable_claim(request.user, pk)
    if request.method == "GET":
        return _card(request, claim, mode="citations", form=citation_form(claim))
    form, seen = citation_form(claim, request.POST), RevisionForm(request.POST)
    if not (form.is_valid() and seen.is_valid()):
        if not seen.is_valid():
            form.add_error(None, _first_error(seen))
        return _card(request, claim, mode="citations", form=form, status=INVALID)
    working = editing.working_content(claim)
    try:
        # A new source is added with the citation that names it, or not at all: an edit
        # refused (the claim changed meanwhile) leaves the registry as it was.
        with transaction.atomic():
            entry = form.entry(request.user)
            # A claim that cites a source no longer lacks a named one.
            content = {
                **working,
                "citations": [*working["citations"], entry],
                "no_named_source": False,
            }
            seen_revision = seen.cleaned_data["revision"]
            revision = editing.edit(claim, request.user, content, seen=seen_revision)
    except WorkflowError as error:
        return _refused(request, claim, str(error), mode="citations", form=form)
    return _saved(request, claim, revision, f"Citation of {attribution(entry)}")


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def remove_citation(request, pk, index):
    claim = _editable_claim(request.user, pk)
    seen = RevisionForm(request.POST)
    if not seen.is_valid():
        return _refused(request, claim, _first_error(seen), status=INVALID)
    working = editing.working_content(claim)
    if index >= len(working["citations"]):
        raise Http404("This claim has no such citation.")
    kept = list(working["citations"])
    removed = kept.pop(index)
    content = {**working, "citations": kept}
    assessment = content["assessment"]
    if assessment and assessment["by"] not in {entry["source"] for entry in kept}:
        # An assessment is by one of the claim's origins: it goes with the last citation
        # of the service that made it (an estimate then needs another, rules.py).
        content["assessment"] = None
    try:
        revision = editing.edit(claim, request.user, content, seen=seen.cleaned_data["revision"])
    except WorkflowError as error:
        return _refused(request, claim, str(error))
    if revision and revision.state == revision.State.SAVED and not content["citations"]:
        claim.refresh_from_db()
        return _done(
            request,
            claim,
            f"Citation of {attribution(removed)} removed. The claim now cites no source; it "
            "cannot be published until it does.",
            level=messages.WARNING,
        )
    return _saved(request, claim, revision, f"Removal of the citation of {attribution(removed)}")


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def withdraw_edit(request, pk):
    """The author of a pending edit (or proposed claim) takes it back."""
    claim = _editable_claim(request.user, pk)
    pending = claim.revisions.pending().first()
    if pending is None:
        return _refused(request, claim, "No edit of this claim is waiting for review.")
    try:
        editing.withdraw(pending, request.user)
    except WorkflowError as error:
        return _refused(request, claim, str(error))
    return _done(request, claim, "Your edit was withdrawn.")


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@permission_required("claims.request_status_change", raise_exception=True)
def request_change(request, pk):
    claim = _editable_claim(request.user, pk)
    if request.method == "GET":
        return _card(request, claim, mode="request", form=StatusRequestForm(claim=claim))
    form = StatusRequestForm(request.POST, claim=claim)
    if not form.is_valid():
        return _card(request, claim, mode="request", form=form, status=INVALID)
    try:
        change = workflow.request_status_change(
            claim, request.user, form.cleaned_data["to_status"], form.cleaned_data["rationale"]
        )
    except WorkflowError as error:
        # The form was valid: the claim changed since it was opened (another request, or
        # a new status). What was typed stays in the form.
        form.add_error(None, str(error))
        return _card(request, claim, mode="request", form=form, status=CONFLICT)
    return _done(
        request,
        claim,
        f"Requested: {change.get_from_status_display()} → {change.get_to_status_display()}. "
        "An editor will review it.",
    )


@require_POST
@permission_required("claims.request_status_change", raise_exception=True)
def withdraw_request(request, pk):
    claim = _editable_claim(request.user, pk)
    form = WithdrawRequestForm(request.POST, claim=claim)
    if not form.is_valid():
        raise Http404("This claim has no such request.")
    try:
        workflow.withdraw(form.cleaned_data["change"], request.user)
    except WorkflowError as error:
        return _refused(request, claim, str(error))
    return _done(request, claim, "Your request was withdrawn.")


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_statuschange", raise_exception=True)
def history(request, pk):
    return _card(request, _editable_claim(request.user, pk), mode="history")
