"""The source registry on the desk: find a source by name, add a new one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from claims import limits
from claims.forms import SourceForm, duplicate_source_message
from claims.models import Source

from .responses import INVALID, safe_next

SOURCE_SUGGESTIONS = 10
# What may be searched for: no longer than a name, and no NUL (PostgreSQL refuses it).
SEARCHED = forms.CharField(max_length=limits.SEARCH, required=False)


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_source", raise_exception=True)
def source_search(request):
    """Sources whose name contains what was typed: <option>s for a source field's datalist
    (htmx, as the reporter types), or a page of matches without JS."""
    # The page's search form sends q; a source field sends its own name ("source",
    # "citation-via", …), whatever its prefix.
    typed = [
        value for key, value in request.GET.items() if key == "q" or key.endswith(("source", "via"))
    ]
    query = next((value.strip() for value in typed if value.strip()), "")
    template = "desk/sources.html"
    if request.htmx:
        template += "#options"
    try:
        SEARCHED.clean(query)
    except forms.ValidationError as error:
        context = {"query": query, "sources": [], "error": error.messages[0]}
        return render(request, template, context, status=INVALID)
    sources = Source.objects.filter(name__icontains=query)[:SOURCE_SUGGESTIONS] if query else []
    return render(request, template, {"query": query, "sources": sources})


@require_http_methods(["GET", "POST"])
@permission_required("claims.add_source", raise_exception=True)
def source_new(request):
    next_url = safe_next(request)
    if request.method == "GET":
        form = SourceForm(initial={"name": request.GET.get("name", "")})
        return render(request, "desk/source_new.html", {"form": form, "next": next_url})
    form = SourceForm(request.POST)
    source = _saved(form) if form.is_valid() else None
    if source is None:
        return render(
            request, "desk/source_new.html", {"form": form, "next": next_url}, status=INVALID
        )
    messages.success(request, f"Source added: {source.name}. You can now cite it.")
    return HttpResponseRedirect(
        next_url or reverse("desk:source_search") + "?" + urlencode({"q": source.name})
    )


def _saved(form):
    """The new source, or None when someone added the same name after the form checked it
    (the database's unique constraint says so): the form then offers theirs."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.existing = Source.objects.named(form.cleaned_data["name"])
        if form.existing is None:
            raise
        form.add_error("name", duplicate_source_message(form.existing))
        return None
