"""The editors' review queue: pending status requests, oldest first, each with its quote in
the words around it, its citations and the rationale; Approve or Reject swaps the row.

Decisions go through `claims.workflow`, which refuses a request decided meanwhile (409).
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import workflow
from claims.forms import DecisionForm
from claims.models import StatusChange
from claims.quotes import NormalizedText, find_quote

from ..markdown import body_text
from .forms import QueueFilterForm
from .responses import CONFLICT, safe_next, wants_fragment

CONTEXT_CHARS = 80
_SPACES = re.compile(r"\s+")


def with_quote_context(changes):
    """Give each change the few words of its story around the claim's quote."""
    texts = {}
    for change in changes:
        claim = change.claim
        if claim.article_id not in texts:
            text = body_text(claim.article.body)
            texts[claim.article_id] = (text, NormalizedText(text))
        text, normalized = texts[claim.article_id]
        match = find_quote(
            "", claim.quote, claim.quote_prefix, claim.quote_suffix, normalized=normalized
        )
        change.quote_context = match and _context_around(text, match.start, match.end)
    return changes


def _context_around(text, start, end):
    """(before, quote, after): up to CONTEXT_CHARS of whole words either side."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    if start > CONTEXT_CHARS:
        before = "…" + before.split(" ", 1)[-1]  # drop the word the cut went through
    after = text[end : end + CONTEXT_CHARS]
    if end + CONTEXT_CHARS < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return (_SPACES.sub(" ", before), text[start:end], _SPACES.sub(" ", after))


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.decide_status_change", raise_exception=True)
def review_queue(request):
    form = QueueFilterForm(request.GET or None)
    changes = StatusChange.objects.pending().for_review()
    if form.is_valid():
        if form.cleaned_data["article"]:
            changes = changes.filter(claim__article=form.cleaned_data["article"])
        if form.cleaned_data["to_status"]:
            changes = changes.filter(to_status=form.cleaned_data["to_status"])
    template = "desk/review_queue.html"
    if wants_fragment(request):
        template += "#rows"
    return render(
        request,
        template,
        {"filter_form": form, "changes": with_quote_context(list(changes))},
    )


def _decide(request, pk, decide, verb):
    change = get_object_or_404(StatusChange.objects.select_related("claim__article"), pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        change = decide(change, request.user, form.cleaned_data.get("note", ""))
    except workflow.WorkflowError as error:
        if request.htmx:
            return _row(request, change.pk, error=str(error), form=form, status=CONFLICT)
        messages.error(request, f"{change.claim.label}: {error}")
        return redirect(_queue_url(request))
    message = f"{verb}: {change.get_from_status_display()} → {change.get_to_status_display()}"
    if request.htmx:
        return _row(request, change.pk, notice=message)
    messages.success(request, f"{message} for {change.claim.label}.")
    return redirect(_queue_url(request))


def _row(request, pk, status=200, **context):
    """One request's row in the queue, as it stands now (decided or not)."""
    change = StatusChange.objects.for_review().get(pk=pk)
    with_quote_context([change])
    context.update(
        change=change,
        decision_form=context.get("form") or DecisionForm(),
        next_url=_queue_url(request),
    )
    return render(request, "desk/review_queue.html#row", context, status=status)


def _queue_url(request):
    return safe_next(request) or reverse("desk:review_queue")


@require_POST
@permission_required("claims.decide_status_change", raise_exception=True)
def approve(request, pk):
    return _decide(request, pk, workflow.approve, "Approved")


@require_POST
@permission_required("claims.decide_status_change", raise_exception=True)
def reject(request, pk):
    return _decide(request, pk, workflow.reject, "Rejected")
