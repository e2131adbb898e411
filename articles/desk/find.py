"""Find claims across the desk's stories: by words, status, source or story."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.models import Claim

from .forms import FindClaimsForm
from .responses import wants_fragment

PAGE_SIZE = 25


@require_GET
@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def find(request):
    form = FindClaimsForm(request.GET or None)
    claims = Claim.objects.none()
    searched = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    if searched:
        data = form.cleaned_data
        claims = Claim.objects.editable_by(request.user).matching(
            words=data["q"], status=data["status"], source=data["source"], article=data["article"]
        )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "desk/find.html"
    if wants_fragment(request):
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "searched": searched, "query": query.urlencode()},
    )
