"""The source registry on the desk: the list (searched by name), a source's page where it is
edited (name, kind, description, address, affiliation) with its audit trail, a new source,
and merging a duplicate into another source (editors).

Every change goes through `claims.registry`, which audits it, refuses an affiliation chain
that loops and renews every story the change shows on. Bad input is 422 with the message at
its field; a source changed or merged meanwhile is 409 with what happened. With htmx the
form swaps in place; without it, the page reloads with a message.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db import IntegrityError, connection
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from claims import limits, registry
from claims.citation_forms import duplicate_source_message, vanished_source_message
from claims.errors import WorkflowError
from claims.models import Citation, Claim, Source
from claims.source_forms import MergeSourceForm, SourceEditForm, SourceForm

from .responses import CONFLICT, INVALID, notice, safe_next, wants_fragment

SOURCE_SUGGESTIONS = 10
PAGE_SIZE = 50
# What may be searched for: no longer than a name, and no NUL (PostgreSQL refuses it).
SEARCHED = forms.CharField(max_length=limits.SEARCH, required=False)


def _search_error(query):
    try:
        SEARCHED.clean(query)
    except forms.ValidationError as error:
        return error.messages[0]
    return None


def _listed(query):
    sources = Source.objects.select_related("affiliation").annotate(
        origin_count=Count("citations", distinct=True),
        relay_count=Count("relayed_citations", distinct=True),
    )
    if query:
        sources = sources.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return sources.order_by("name")


def _list_page(request, query):
    template = "desk/sources.html"
    if wants_fragment(request):
        template += "#results"
    error = _search_error(query)
    if error:
        return render(request, template, {"query": query, "error": error}, status=INVALID)
    page = Paginator(_listed(query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"query": query, "page": page})


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_source", raise_exception=True)
def sources(request):
    """Every source, or those whose name or description holds what was searched."""
    return _list_page(request, request.GET.get("q", "").strip())


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_source", raise_exception=True)
def source_search(request):
    """Sources whose name contains what was typed: <option>s for a source field's datalist
    (htmx, as the reporter types), or the list of sources without JS."""
    # The page's search form sends q; a source field sends its own name ("source",
    # "citation-via", "affiliation", "into", …), whatever its prefix.
    fields = ("source", "via", "affiliation", "into")
    typed = [value for key, value in request.GET.items() if key == "q" or key.endswith(fields)]
    query = next((value.strip() for value in typed if value.strip()), "")
    if not request.htmx:
        return _list_page(request, query)
    if _search_error(query):
        return render(request, "desk/sources.html#options", {"sources": []}, status=INVALID)
    found = Source.objects.filter(name__icontains=query)[:SOURCE_SUGGESTIONS] if query else []
    return render(request, "desk/sources.html#options", {"sources": found})


@require_http_methods(["GET", "POST"])
@permission_required("claims.add_source", raise_exception=True)
def source_new(request):
    next_url = safe_next(request)
    if request.method == "GET":
        form = SourceForm(initial={"name": request.GET.get("name", "")})
        return render(request, "desk/source_new.html", {"form": form, "next": next_url})
    form = SourceForm(request.POST)
    if not form.is_valid():
        return render(
            request, "desk/source_new.html", {"form": form, "next": next_url}, status=INVALID
        )
    source = _added(request, form)
    if source is None:
        return render(
            request, "desk/source_new.html", {"form": form, "next": next_url}, status=INVALID
        )
    messages.success(request, f"Source added: {source.name}. You can now cite it.")
    return HttpResponseRedirect(
        next_url or reverse("desk:sources") + "?" + urlencode({"q": source.name})
    )


def _added(request, form):
    """The new source, or None when someone added the same name after the form checked it
    (the database's unique constraint says so): the form then offers theirs."""
    name = form.cleaned_data["name"]
    try:
        return registry.add(request.user, **form.changes())
    except IntegrityError:
        form.existing = Source.objects.named(name)
        if form.existing is None:
            form.add_error("name", vanished_source_message(name))
        else:
            form.add_error("name", duplicate_source_message(form.existing))
        return None


def source_url(source):
    return reverse("desk:source", args=[source.pk])


def _could_be_a_source(pk):
    """Whether the database's integers can hold `pk`: SQLite refuses to compare a column
    with a larger number (OverflowError) where PostgreSQL finds no row."""
    low, high = connection.ops.integer_field_range(Source._meta.pk.get_internal_type())
    return low <= pk <= high


def _gone(request, pk):
    """The source was merged away (or never existed): say where it went."""
    merge = registry.merged_into(pk) if _could_be_a_source(pk) else None
    if merge is None:
        raise Http404("There is no such source.")
    message = f"{merge.before['name']} was merged into {merge.other_name} by {merge.author}."
    if request.htmx:
        return render(
            request,
            "desk/source.html#gone",
            {"notice": notice(messages.ERROR, message)},
            status=CONFLICT,
        )
    messages.warning(request, message)
    return HttpResponseRedirect(reverse("desk:source", args=[merge.other_id]))


def _page(request, source, *, form=None, status=200, **context):
    """The source's page, or with htmx its form (what a save swaps)."""
    source = Source.objects.select_related("affiliation").get(pk=source.pk)
    context.update(
        source=source,
        form=form or SourceEditForm(source=source, initial=SourceEditForm.initial_for(source)),
        chain=registry.chain(source),
        affiliates=source.affiliates.order_by("name"),
        history=[
            _with_differences(change)
            for change in source.changes.select_related("author").order_by("-created_at", "-pk")
        ],
        cited=Citation.objects.filter(Q(source=source) | Q(via=source))
        .values("claim")
        .distinct()
        .count(),
    )
    template = "desk/source.html"
    if request.htmx:
        template += "#editor"
    return render(request, template, context, status=status)


_COMPARED = {
    "name": "Name",
    "kind": "Kind",
    "url": "URL",
    "description": "Description",
    "affiliation_name": "Affiliation",
}


def _with_differences(change):
    """The audit row with (label, before, after) for each field an edit changed."""
    before, after = change.before or {}, change.after or {}
    change.differences = []
    if before and after:
        for field, label in _COMPARED.items():
            if before.get(field) != after.get(field):
                was, now = before.get(field), after.get(field)
                if field == "kind":
                    was, now = Source.Kind(was).label, Source.Kind(now).label
                change.differences.append((label, was, now))
    return change


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@permission_required("claims.change_source", raise_exception=True)
def source(request, pk):
    """GET: the source's page with its form. POST: save the edit."""
    found = Source.objects.select_related("affiliation").filter(pk=pk).first()
    if found is None:
        return _gone(request, pk)
    if request.method == "GET":
        return _page(request, found)
    form = SourceEditForm(request.POST, source=found)
    if not form.is_valid():
        return _page(request, found, form=form, status=INVALID)
    try:
        change = registry.edit(
            found, request.user, seen=form.cleaned_data["revision"], **form.changes()
        )
    except WorkflowError as error:
        if not Source.objects.filter(pk=pk).exists():
            return _gone(request, pk)
        form.add_error(None, str(error))
        return _page(request, found, form=form, status=CONFLICT)
    message = "Nothing changed." if change is None else f"Saved {form.cleaned_data['name']}."
    if request.htmx:
        return _page(request, found, notice=notice(messages.SUCCESS, message))
    messages.success(request, message)
    return HttpResponseRedirect(source_url(found))


def _merge_page(request, source, form, status=200):
    moving = {
        "citations": source.citations.count(),
        "relays": source.relayed_citations.count(),
        "affiliates": source.affiliates.count(),
        "assessments": Claim.objects.filter(assessment_by=source).count(),
        "proposals": len(registry.proposals_naming(source.pk)),
    }
    context = {"source": source, "form": form, "moving": moving}
    return render(request, "desk/source_merge.html", context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("claims.merge_source", raise_exception=True)
def source_merge(request, pk):
    """Merge this source, a duplicate, into another: editors only. Without and with JS
    alike, a full page: a merge ends on the page of the source kept."""
    found = Source.objects.filter(pk=pk).first()
    if found is None:
        return _gone(request, pk)
    if request.method == "GET":
        return _merge_page(request, found, MergeSourceForm(source=found))
    form = MergeSourceForm(request.POST, source=found)
    if not form.is_valid():
        return _merge_page(request, found, form, status=INVALID)
    into = form.cleaned_data["into"]
    try:
        change = registry.merge(found, into, request.user)
    except WorkflowError as error:
        if not Source.objects.filter(pk=pk).exists():
            return _gone(request, pk)
        form.add_error(None, str(error))
        return _merge_page(request, found, form, status=CONFLICT)
    moved = change.moved
    messages.success(
        request,
        f"Merged {change.other_name} into {into.name}: {moved['citations']} citation(s) as "
        f"origin and {moved['relays']} as relay moved.",
    )
    return HttpResponseRedirect(source_url(into))
