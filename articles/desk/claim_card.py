"""One claim's card in the panel, and what can be done from it: edit the claim, add or
remove a citation, request a status change or withdraw the request, read its history.

Each action answers with the fresh card (htmx) or goes back to the claim on its story with
a message (no JavaScript). Status changes go through `claims.workflow`, never around it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import workflow
from claims.forms import CitationForm, ClaimForm, StatusRequestForm, WithdrawRequestForm
from claims.models import Citation, Claim

from ..publishing import orphaned_claims
from .panel import ORPHAN_WARNING, annotate_claims, claim_url
from .responses import CONFLICT, INVALID, notice


def _editable_claim(user, pk):
    return get_object_or_404(Claim.objects.editable_by(user).select_related("article"), pk=pk)


def _card(request, claim, *, mode="summary", status=200, **context):
    """The claim's card: the htmx fragment, or (without JS) a page of its own."""
    claim = Claim.objects.with_details().select_related("article").get(pk=claim.pk)
    context.update(claim=annotate_claims(claim.article, [claim], request.user)[0], mode=mode)
    template = "desk/claim_page.html"
    if request.htmx:
        template += "#card"
    return render(request, template, context, status=status)


def _done(request, claim, message, *, level=messages.SUCCESS):
    """After a successful change: the fresh card (htmx) or back to the story (no JS)."""
    if request.htmx:
        return _card(request, claim, notice=notice(level, message))
    messages.add_message(request, level, message)
    return HttpResponseRedirect(claim_url(claim))


def _refused(request, claim, message):
    """The action was refused because the claim changed meanwhile."""
    if request.htmx:
        return _card(request, claim, notice=notice(messages.ERROR, message), status=CONFLICT)
    messages.error(request, message)
    return HttpResponseRedirect(claim_url(claim))


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
    if request.method == "GET":
        return _card(request, claim, mode="edit", form=ClaimForm(instance=claim))
    form = ClaimForm(request.POST, instance=claim)
    if not form.is_valid():
        return _card(request, claim, mode="edit", form=form, status=INVALID)
    claim = form.save()
    if orphaned_claims(claim.article, [claim]):
        return _done(request, claim, f"Claim saved. {ORPHAN_WARNING}", level=messages.WARNING)
    return _done(request, claim, "Claim saved.")


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
    if not request.user.has_perm("claims.add_citation"):
        raise PermissionDenied("You do not have permission to add citations.")
    form = citation_form(claim, request.POST)
    if not form.is_valid():
        return _card(request, claim, mode="citations", form=form, status=INVALID)
    citation = form.save(claim)
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
    except workflow.WorkflowError as error:
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
    except workflow.WorkflowError as error:
        return _refused(request, claim, str(error))
    return _done(request, claim, "Your request was withdrawn.")


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_statuschange", raise_exception=True)
def history(request, pk):
    return _card(request, _editable_claim(request.user, pk), mode="history")
