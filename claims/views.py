"""Desk views for claims: the panel beside an article, sources, status requests, the review
queue and finding claims.

Every action is one view that serves both ways of using the desk: a plain form POST gets a
redirect back to the claim on its article page with a message, an htmx request gets only
the fragment that changed. Invalid input re-renders the form with what was typed (422);
a request the workflow refuses because things changed meanwhile is a conflict (409).
Status changes go through `claims.workflow`, never around it.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from articles.markdown import body_text
from articles.models import Article
from articles.publishing import orphaned_claims

from . import workflow
from .forms import (
    CitationForm,
    ClaimForm,
    DecisionForm,
    FindClaimsForm,
    LogClaimForm,
    QueueFilterForm,
    SourceForm,
    StatusRequestForm,
)
from .models import Citation, Claim, Source, StatusChange
from .panel import claim_card, panel_context
from .quotes import NormalizedText, find_quote

INVALID = 422
CONFLICT = 409
SOURCE_SUGGESTIONS = 10
FIND_PAGE_SIZE = 25
CONTEXT_CHARS = 80
_SPACES = re.compile(r"\s+")


def _editable_claim(user, pk):
    return get_object_or_404(
        Claim.objects.select_related("article").filter(
            article__in=Article.objects.editable_by(user)
        ),
        pk=pk,
    )


def claim_url(claim):
    return reverse("desk:article", args=[claim.article_id]) + f"#claim-{claim.pk}"


def _card(request, claim, *, mode="summary", status=200, **context):
    """The claim's card: the htmx fragment, or (without JS) a page of its own."""
    context.update(claim=claim_card(claim, request.user), mode=mode)
    template = "claims/claim_page.html"
    if request.htmx:
        template += "#card"
    return render(request, template, context, status=status)


def _notice(level, message):
    """A message shown inside the fragment an htmx request swaps in: (css tag, text)."""
    return (messages.DEFAULT_TAGS[level], message)


def _done(request, claim, message, *, level=messages.SUCCESS):
    """After a successful change: the fresh card (htmx) or back to the article (no JS)."""
    if request.htmx:
        return _card(request, claim, notice=_notice(level, message))
    messages.add_message(request, level, message)
    return HttpResponseRedirect(claim_url(claim))


def _orphan_warning(claim):
    if orphaned_claims(claim.article, [claim]):
        return (
            "Its quote does not occur in the story, so it is flagged as orphaned: "
            "check the words against the body."
        )
    return ""


# The panel and Log claim


@require_http_methods(["GET", "POST"])
@permission_required("claims.view_claim", raise_exception=True)
def panel(request, pk):
    """GET: the claims panel of an article. POST: Log claim (see `log_claim`)."""
    article = get_object_or_404(Article.objects.editable_by(request.user), pk=pk)
    if request.method == "POST":
        return log_claim(request, article)
    return _panel_response(request, article)


def _panel_response(request, article, status=200, **context):
    template = "claims/panel.html#panel" if request.htmx else "claims/panel_page.html"
    return render(request, template, panel_context(article, request.user, **context), status=status)


def log_claim(request, article):
    if not request.user.has_perm("claims.add_claim"):
        raise PermissionDenied("You do not have permission to log claims.")
    form = LogClaimForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, article, status=INVALID, log_claim_form=form)
    claim = form.save_for(article, request.user)
    warning = _orphan_warning(claim)
    level, message = messages.SUCCESS, "Claim logged."
    if warning:
        level, message = messages.WARNING, f"Claim logged. {warning}"
    if request.htmx:
        return _panel_response(request, article, notice=_notice(level, message))
    messages.add_message(request, level, message)
    return HttpResponseRedirect(claim_url(claim))


# One claim


@require_GET
@permission_required("claims.view_claim", raise_exception=True)
def claim_detail(request, pk):
    """A claim's card (htmx: to close a form); without JS, the claim on its article."""
    claim = _editable_claim(request.user, pk)
    if request.htmx:
        return _card(request, claim)
    return HttpResponseRedirect(claim_url(claim))


@require_http_methods(["GET", "POST"])
@permission_required("claims.change_claim", raise_exception=True)
def edit_claim(request, pk):
    claim = _editable_claim(request.user, pk)
    if request.method == "GET":
        return _card(request, claim, mode="edit", form=ClaimForm(instance=claim))
    form = ClaimForm(request.POST, instance=claim)
    if not form.is_valid():
        return _card(request, claim, mode="edit", form=form, status=INVALID)
    claim = form.save()
    warning = _orphan_warning(claim)
    if warning:
        return _done(request, claim, f"Claim saved. {warning}", level=messages.WARNING)
    return _done(request, claim, "Claim saved.")


@require_http_methods(["GET", "POST"])
@permission_required("claims.view_claim", raise_exception=True)
def citations(request, pk):
    """GET: the claim's citations with the Add citation form. POST: add one."""
    claim = _editable_claim(request.user, pk)
    if request.method == "GET":
        return _card(request, claim, mode="citations", form=CitationForm(claim=claim))
    if not request.user.has_perm("claims.add_citation"):
        raise PermissionDenied("You do not have permission to add citations.")
    form = CitationForm(request.POST, claim=claim)
    if not form.is_valid():
        return _card(request, claim, mode="citations", form=form, status=INVALID)
    citation = form.save()
    return _done(request, claim, f"Citation added: {citation.attribution}.")


@require_POST
@permission_required("claims.delete_citation", raise_exception=True)
def remove_citation(request, pk, citation_pk):
    claim = _editable_claim(request.user, pk)
    citation = get_object_or_404(
        Citation.objects.select_related("source", "via"), pk=citation_pk, claim=claim
    )
    attribution = citation.attribution
    citation.delete()
    message = f"Citation removed: {attribution}."
    if not claim.citations.exists():
        message += " The claim now cites no source; it cannot be published until it does."
        return _done(request, claim, message, level=messages.WARNING)
    return _done(request, claim, message)


@require_http_methods(["GET", "POST"])
@permission_required("claims.request_status_change", raise_exception=True)
def request_change(request, pk):
    claim = _editable_claim(request.user, pk)
    if request.method == "GET":
        return _card(request, claim, mode="request", form=StatusRequestForm(claim=claim))
    form = StatusRequestForm(request.POST, claim=claim)
    if form.is_valid():
        try:
            change = workflow.request_status_change(
                claim, request.user, form.cleaned_data["to_status"], form.cleaned_data["rationale"]
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            return _done(
                request,
                claim,
                f"Requested: {change.get_from_status_display()} → "
                f"{change.get_to_status_display()}. An editor will review it.",
            )
    return _card(request, claim, mode="request", form=form, status=INVALID)


@require_POST
@permission_required("claims.request_status_change", raise_exception=True)
def withdraw_request(request, pk):
    claim = _editable_claim(request.user, pk)
    change = get_object_or_404(StatusChange, pk=request.POST.get("change", ""), claim=claim)
    try:
        workflow.withdraw(change, request.user)
    except workflow.WorkflowError as error:
        if request.htmx:
            return _card(
                request, claim, notice=_notice(messages.ERROR, str(error)), status=CONFLICT
            )
        messages.error(request, str(error))
        return HttpResponseRedirect(claim_url(claim))
    return _done(request, claim, "Your request was withdrawn.")


@require_GET
@permission_required("claims.view_statuschange", raise_exception=True)
def history(request, pk):
    return _card(request, _editable_claim(request.user, pk), mode="history")


# Sources


@require_GET
@permission_required("claims.view_source", raise_exception=True)
def source_search(request):
    """Sources whose name contains what was typed: <option>s for a source field's datalist
    (htmx, as the reporter types), or a page of matches without JS."""
    # The source and via fields send their own name, the page's search form sends q.
    query = next(
        (request.GET[key].strip() for key in ("q", "source", "via") if request.GET.get(key)), ""
    )
    sources = Source.objects.filter(name__icontains=query)[:SOURCE_SUGGESTIONS] if query else []
    template = "claims/sources.html"
    if request.htmx:
        template += "#options"
    return render(request, template, {"query": query, "sources": sources})


@require_http_methods(["GET", "POST"])
@permission_required("claims.add_source", raise_exception=True)
def source_new(request):
    next_url = _safe_next(request)
    if request.method == "GET":
        form = SourceForm(initial={"name": request.GET.get("name", "")})
        return render(request, "claims/source_new.html", {"form": form, "next": next_url})
    form = SourceForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "claims/source_new.html",
            {"form": form, "next": next_url},
            status=INVALID,
        )
    source = form.save()
    messages.success(request, f"Source added: {source.name}. You can now cite it.")
    return HttpResponseRedirect(
        next_url or reverse("claims:source_search") + "?" + urlencode({"q": source.name})
    )


def _safe_next(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


# The review queue


def _citations_with_sources():
    return Prefetch("claim__citations", queryset=Citation.objects.select_related("source", "via"))


def _queue_changes():
    return (
        StatusChange.objects.pending()
        .select_related("requested_by", "claim__article")
        .prefetch_related(_citations_with_sources())
    )


def _with_quote_context(changes):
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
        if match is None:
            change.quote_context = None
            continue
        change.quote_context = _context_around(text, match.start, match.end)
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


def _wants_fragment(request):
    """htmx filtering a list (its URL pushed to history) wants the list; restoring that
    history entry after a cache miss wants the whole page."""
    return request.htmx and not request.htmx.history_restore_request


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.decide_status_change", raise_exception=True)
def review_queue(request):
    form = QueueFilterForm(request.GET or None)
    changes = _queue_changes()
    if form.is_valid():
        if form.cleaned_data["article"]:
            changes = changes.filter(claim__article=form.cleaned_data["article"])
        if form.cleaned_data["to_status"]:
            changes = changes.filter(to_status=form.cleaned_data["to_status"])
    template = "claims/review_queue.html"
    if _wants_fragment(request):
        template += "#rows"
    return render(
        request,
        template,
        {"filter_form": form, "changes": _with_quote_context(list(changes))},
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
        messages.error(request, f"“{change.claim.statement[:80]}”: {error}")
        return redirect(_queue_url(request))
    message = f"{verb}: {change.get_from_status_display()} → {change.get_to_status_display()}"
    if request.htmx:
        return _row(request, change.pk, notice=message)
    messages.success(request, f"{message} for “{change.claim.statement[:80]}”.")
    return redirect(_queue_url(request))


def _row(request, pk, status=200, **context):
    """One request's row in the queue, as it stands now (decided or not)."""
    change = (
        StatusChange.objects.select_related("requested_by", "decided_by", "claim__article")
        .prefetch_related(_citations_with_sources())
        .get(pk=pk)
    )
    _with_quote_context([change])
    context.update(
        change=change,
        decision_form=context.get("form") or DecisionForm(),
        next_url=_queue_url(request),
    )
    return render(request, "claims/review_queue.html#row", context, status=status)


def _queue_url(request):
    return _safe_next(request) or reverse("claims:review_queue")


@require_POST
@permission_required("claims.decide_status_change", raise_exception=True)
def approve(request, pk):
    return _decide(request, pk, workflow.approve, "Approved")


@require_POST
@permission_required("claims.decide_status_change", raise_exception=True)
def reject(request, pk):
    return _decide(request, pk, workflow.reject, "Rejected")


# Find claims


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def find(request):
    form = FindClaimsForm(request.GET or None)
    claims = Claim.objects.none()
    searched = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    if searched:
        claims = _matching_claims(request.user, form.cleaned_data)
    page = Paginator(claims, FIND_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "claims/find.html"
    if _wants_fragment(request):
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "searched": searched, "query": query.urlencode()},
    )


def _matching_claims(user, data):
    claims = Claim.objects.filter(article__in=Article.objects.editable_by(user))
    for word in data["q"].split():
        claims = claims.filter(Q(statement__icontains=word) | Q(quote__icontains=word))
    if data["status"]:
        claims = claims.filter(status=data["status"])
    if data["source"].strip():
        name = data["source"].strip()
        claims = claims.filter(
            Q(citations__source__name__icontains=name) | Q(citations__via__name__icontains=name)
        )
    if data["article"]:
        claims = claims.filter(article=data["article"])
    # Joins through citations repeat a claim once per matching citation; the subquery
    # keeps each claim once and lets the page be ordered and counted simply.
    return (
        Claim.objects.filter(pk__in=claims.values("pk"))
        .select_related("article")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source", "via"))
        )
        .order_by("-updated_at", "-pk")
    )
