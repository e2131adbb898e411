"""The editors' review queue: everything waiting for an editor, oldest first — status
requests, edits of claims (and claims proposed for published stories), and corrections of
published stories' text. Each shows what it changes word by word, the quote in the words
around it, the citations before and after; Approve or Reject swaps the row in place.

A decision carries the revision count of what the editor reviewed. Decisions go through
`claims.workflow`, `claims.editing` and `articles.revisions`, which refuse one made on
something that changed meanwhile, or decided already (409), and anyone's own (four-eyes).
"""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import editing, independence, rules, workflow
from claims.content import assessment_of, attribution, content_of
from claims.errors import WorkflowError
from claims.forms import DecisionForm
from claims.models import Citation, Claim, ClaimRevision, Source, StatusChange
from claims.quotes import NormalizedText, find_quote

from .. import revisions
from ..models import ArticleRevision
from .diff import changes
from .forms import QueueFilterForm
from .panel import PendingEdit, assessment_text
from .responses import CONFLICT, INVALID, safe_next, wants_fragment
from .stories import STORY_FIELDS

CONTEXT_CHARS = 80
_SPACES = re.compile(r"\s+")


@dataclass
class Item:
    """One thing waiting in the queue, as its row shows it."""

    kind: str  # request, edit, correction
    obj: object
    article: object
    claim: object = None

    @property
    def when(self):
        return getattr(self.obj, "requested_at", None) or self.obj.created_at

    @property
    def anchor(self):
        return f"{self.kind}-{self.obj.pk}"

    @property
    def seen(self):
        """The revision count the editor reviews this at."""
        return (self.claim or self.article).revision


def _claims_with_citations(prefix):
    return Prefetch(
        f"{prefix}claim__citations", queryset=Citation.objects.select_related("source", "via")
    )


def _requests():
    return StatusChange.objects.for_review()


def _edits():
    return ClaimRevision.objects.select_related(
        "author", "decided_by", "claim__article"
    ).prefetch_related(_claims_with_citations(""), "claim__status_changes")


def _corrections():
    return ArticleRevision.objects.select_related("author", "decided_by", "article")


def queue(article=None, to_status=""):
    """Everything waiting for an editor, oldest first (only requests, when `to_status`)."""
    requests = _requests().pending()
    edits, corrections = _edits().pending(), _corrections().pending()
    if article:
        requests = requests.filter(claim__article=article)
        edits, corrections = (
            edits.filter(claim__article=article),
            corrections.filter(article=article),
        )
    items = [Item("request", change, change.claim.article, change.claim) for change in requests]
    if to_status:
        return [item for item in items if item.obj.to_status == to_status]
    items += [Item("edit", rev, rev.claim.article, rev.claim) for rev in edits]
    items += [Item("correction", rev, rev.article) for rev in corrections]
    return sorted(items, key=lambda item: (item.when, item.obj.pk))


def explained(items):
    """Give each item what its row shows besides itself: the quote in its context, the
    difference an edit or a correction makes, and what the claim's status would rest on
    (its origins' independence, its primary record or assessment)."""
    texts = {}
    # The sources edits name, for all of them at once (each edit's own would be a query).
    named = Source.objects.in_bulk(
        {
            entry[side]
            for item in items
            if item.kind == "edit"
            for entry in item.obj.after["citations"]
            for side in ("source", "via")
        }
        - {None}
    )
    for item in items:
        article = item.article
        if article.pk not in texts:
            texts[article.pk] = (article.text, NormalizedText(article.text))
        text, normalized = texts[article.pk]
        if item.kind == "correction":
            item.changes = changes(item.obj.before, item.obj.after, STORY_FIELDS)
            continue
        live = content_of(item.claim, item.claim.citations.all())
        quoted = item.obj.after if item.kind == "edit" else live
        match = find_quote(
            "",
            quoted["quote"],
            quoted["quote_prefix"],
            quoted["quote_suffix"],
            normalized=normalized,
        )
        item.quote = quoted["quote"]
        item.quote_context = match and _context_around(text, match.start, match.end)
        if item.kind == "edit":
            item.edit = PendingEdit(item.obj, live)
            item.citations = [attribution(entry) for entry in item.obj.after["citations"]]
            origins = [named[entry["source"]] for entry in item.obj.after["citations"]]
            item.primary_record = rules.primary_record_after(item.claim, item.obj.after)
        else:
            origins = [citation.source for citation in item.claim.citations.all()]
            item.needs_primary_record = (
                item.obj.to_status == Claim.Status.VERIFIED
                and independence.independent_origins(origins) < 2
            )
            item.assessment = assessment_text(assessment_of(item.claim))
        item.origins = independence.describe(origins)
    return items


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
    data = form.cleaned_data if form.is_valid() else {}
    items = queue(data.get("article"), data.get("to_status", ""))
    template = "desk/review_queue.html"
    if wants_fragment(request):
        template += "#rows"
    return render(request, template, {"filter_form": form, "items": explained(items)})


# Each kind of item: where it is read from, and how it is approved or rejected.
KINDS = {
    "request": (_requests, workflow.approve, workflow.reject),
    "edit": (_edits, editing.approve, editing.reject),
    "correction": (_corrections, revisions.approve, revisions.reject),
}


def _find(kind, pk):
    """The item of `kind` with `pk`, pending or decided (a decided one shows its outcome)."""
    obj = get_object_or_404(KINDS[kind][0](), pk=pk)
    if kind == "correction":
        return Item(kind, obj, obj.article)
    return Item(kind, obj, obj.claim.article, obj.claim)


def _decide(request, kind, pk, approving):
    item = _find(kind, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _answer(request, item, INVALID, error=_first_error(form), form=form)
    _, approve, reject = KINDS[kind]
    data = form.cleaned_data
    decision = {"seen": data["revision"], "note": data["note"]}
    if approving and kind != "request":  # an edit approved on a live story is a correction
        decision["public_note"] = data["public_note"]
    if approving and kind == "request":  # what verifies a claim on one origin
        decision["primary_record"] = data["primary_record"]
    try:
        (approve if approving else reject)(item.obj, request.user, **decision)
    except WorkflowError as error:
        return _answer(request, item, CONFLICT, error=str(error), form=form)
    verb = "Approved" if approving else "Rejected"
    if kind == "request":
        what = f"{item.obj.get_from_status_display()} → {item.obj.get_to_status_display()}"
    else:
        what = {"edit": "the edit", "correction": "the correction"}[kind]
        what = "the claim's addition" if item.obj.is_addition and kind == "edit" else what
    return _answer(request, item, notice=f"{verb}: {what}")


def _first_error(form):
    return next(iter(form.errors.values()))[0]


def _answer(request, item, status=200, *, error="", notice="", form=None):
    """The item's row as it stands now (htmx), or back to the queue with a message."""
    if not request.htmx:
        label = item.claim.label if item.claim else f"“{item.article.title}”"
        if error:
            messages.error(request, f"{label}: {error}")
        else:
            messages.success(request, f"{notice} for {label}.")
        # Never redirect(): it would read a `next` such as "0" as the name of a view.
        return HttpResponseRedirect(safe_next(request) or reverse("desk:review_queue"))
    fresh = explained([_find(item.kind, item.obj.pk)])[0]
    context = {
        "item": fresh,
        "error": error,
        "notice": notice,
        "decision_form": form or DecisionForm(),
        "next_url": safe_next(request) or reverse("desk:review_queue"),
    }
    return render(request, "desk/review_queue.html#row", context, status=status)


def _view(kind, approving):
    @require_POST
    @permission_required("claims.decide_status_change", raise_exception=True)
    def decide(request, pk):
        return _decide(request, kind, pk, approving)

    decide.__name__ = f"{'approve' if approving else 'reject'}_{kind}"
    return decide


approve = _view("request", True)
reject = _view("request", False)
approve_edit = _view("edit", True)
reject_edit = _view("edit", False)
approve_correction = _view("correction", True)
reject_correction = _view("correction", False)
