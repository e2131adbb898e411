"""The claims panel beside a story: its claims, each as a card, and the Log claim form.

The panel is a list a reporter works down all day, so it is fetched in a fixed number of
queries however many claims there are (`Claim.objects.with_details()`), and the orphan
check is done once over the body for all of them.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import editing, independence
from claims.content import assessment_of, complete, content_of
from claims.errors import WorkflowError
from claims.forms import LogClaimForm
from claims.models import Claim, StatusChange

from ..models import Article, SuggestionDismissal
from ..publishing import orphaned_claims
from ..reader.dates import reader_date
from .diff import changes, citation_changes
from .responses import CONFLICT, INVALID, notice
from .suggestions import log_claim_form_from, suggestions_for

ORPHAN_WARNING = (
    "Its quote does not occur in the story, so it is flagged as orphaned: "
    "check the words against the body."
)
CLAIM_FIELDS = {
    "statement": "Statement",
    "quote": "Quote",
    "quote_prefix": "Words before the quote",
    "quote_suffix": "Words after the quote",
    "public_note": "Note for readers",
    "assessment": "Assessment",
    "recheck_by": "Re-check by",
    "no_named_source": "No named source",
}


def assessment_text(assessment):
    """“National Intelligence Service · confidence not stated · 1 Sept 2025”, or ""."""
    if not assessment:
        return ""
    confidence = Claim.Confidence(assessment["confidence"]).phrase
    assessed_on = reader_date(datetime.date.fromisoformat(assessment["assessed_on"]))
    return f"{assessment['by_name']} · {confidence} · {assessed_on}"


def readable(content):
    """A claim's content (claims.content) with each field as the desk's differences show it:
    text, compared word by word."""
    if content is None:
        return None
    content = complete(content)
    recheck_by = content["recheck_by"]
    return {
        **content,
        "assessment": assessment_text(content["assessment"]),
        "recheck_by": reader_date(datetime.datetime.fromisoformat(recheck_by), time=True)
        if recheck_by
        else "",
        "no_named_source": "Yes: the story names no source" if content["no_named_source"] else "",
    }


def claim_url(claim):
    return reverse("desk:article", args=[claim.article_id]) + f"#claim-{claim.pk}"


class PendingEdit:
    """An edit waiting for an editor, as a card and the review queue show it: who, when,
    and word by word what it changes in what readers see."""

    def __init__(self, revision, live):
        self.revision = revision
        if revision.is_addition:  # the whole claim is new: the card shows it as it is
            self.fields, self.removed, self.added = [], [], []
        else:
            self.fields = changes(readable(live), readable(revision.after), CLAIM_FIELDS)
            self.removed, self.added = citation_changes(live, revision.after)


def annotate_claims(article, claims, user):
    """Give each claim of `article` what its card shows: orphan flag, its origins'
    independence, its assessment, pending request and pending edit (with its difference
    from what readers see)."""
    orphans = {claim.pk for claim in orphaned_claims(article, claims)}
    for claim in claims:
        claim.is_orphan = claim.pk in orphans
        claim.origins = independence.describe([c.source for c in claim.citations.all()])
        claim.assessment_text = assessment_text(assessment_of(claim))
        claim.pending = next(
            (c for c in claim.status_changes.all() if c.state == StatusChange.State.PENDING),
            None,
        )
        claim.pending_is_mine = claim.pending is not None and claim.pending.requested_by_id == (
            user.pk
        )
        claim.needs_review = editing.needs_review(claim)
        revision = claim.pending_revisions[0] if claim.pending_revisions else None
        claim.pending_edit = (
            PendingEdit(revision, content_of(claim, claim.citations.all()))
            if revision and (claim.needs_review or revision.is_addition)
            else None
        )
    return claims


def panel_context(article, user, *, log_claim_form=None, notice=None, suggestion=""):
    """The panel: its claims, the Log claim form (filled in from the suggestion whose key
    is `suggestion`, if it is still suggested) and the suggested claims."""
    claims = list(article.claims.current().with_details())
    can_log = user.has_perm("claims.add_claim")
    found = suggestions_for(article, claims) if can_log else []
    picked = next((s for s in found if s.key == suggestion), None)
    if log_claim_form is None:
        log_claim_form = log_claim_form_from(picked) if picked else LogClaimForm()
    return {
        "article": article,
        "claims": annotate_claims(article, claims, user),
        "orphan_count": sum(claim.is_orphan for claim in claims if claim.is_live),
        "log_claim_form": log_claim_form,
        "picked_suggestion": picked,
        "suggestions": found,
        "can_log_claims": can_log,
        "panel_notice": notice,
    }


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def panel(request, pk):
    """GET: the claims panel of an article. POST: Log claim."""
    article = get_object_or_404(Article.objects.editable_by(request.user), pk=pk)
    if request.method == "POST":
        return _log_claim(request, article)
    return panel_response(request, article, suggestion=request.GET.get("suggestion", ""))


def panel_response(request, article, status=200, **context):
    template = "desk/panel.html#panel" if request.htmx else "desk/panel_page.html"
    return render(request, template, panel_context(article, request.user, **context), status=status)


def _log_claim(request, article):
    form = LogClaimForm(request.POST)
    if not form.is_valid():
        return panel_response(request, article, status=INVALID, log_claim_form=form)
    try:
        claim = editing.log_claim(article, request.user, form.content(request.user))
    except WorkflowError as error:
        form.claim.add_error(None, str(error))
        return panel_response(request, article, status=CONFLICT, log_claim_form=form)
    level, message = messages.SUCCESS, "Claim logged."
    if not claim.is_live:
        message = (
            "Claim proposed: the story is published, so an editor must approve it before "
            "readers see it."
        )
    if orphaned_claims(claim.article, [claim]):
        level, message = messages.WARNING, f"{message} {ORPHAN_WARNING}"
    if request.htmx:
        return panel_response(request, article, notice=notice(level, message))
    messages.add_message(request, level, message)
    return HttpResponseRedirect(claim_url(claim))


@require_POST
@permission_required("claims.add_claim", raise_exception=True)
def dismiss_suggestion(request, pk, key):
    """Hide a suggested claim for this story (it stays hidden while its words stay)."""
    article = get_object_or_404(Article.objects.editable_by(request.user), pk=pk)
    SuggestionDismissal.objects.get_or_create(
        article=article, key=key, defaults={"dismissed_by": request.user}
    )
    if request.htmx:
        return panel_response(request, article, notice=notice(messages.SUCCESS, "Dismissed."))
    messages.success(request, "Suggestion dismissed.")
    return HttpResponseRedirect(f"{article.get_desk_url()}#suggestions")
