"""The reader's pages: the front page, each published story, its claims.json.

Readers are anonymous and many, so a story's pages are rendered once per version and served
from the cache (articles.story_cache) with ETag and Last-Modified; everything they show is
gathered by articles.reader in a fixed number of queries.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Article
from .reader.counts import with_claim_counts
from .reader.html import page_html
from .reader.loader import read_story
from .reader.structured import claims_document
from .story_cache.fallback import stale_if_error_page
from .story_cache.pages import Rendered, cached_response

STORIES_PER_PAGE = 20
GONE = 410


@login_not_required
@require_safe
@stale_if_error_page(vary_on=["page"])
def front_page(request):
    articles = with_claim_counts(Article.objects.published()).order_by("-published_at", "-pk")
    page = Paginator(articles, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/front_page.html", {"page_obj": page})


def _site(request):
    return f"{request.scheme}://{request.get_host()}"


@login_not_required
@require_safe
def story(request, slug):
    def write(story):
        # The page changes when a claim's re-check moment passes (story_cache.pages).
        return Rendered(page_html(story).encode(), *story.recheck_window)

    def render_page(article):
        return read_story(article, _site(request), write)

    def withdrawn(article):
        return render(request, "articles/withdrawn.html", {"article": article}, status=GONE)

    return cached_response(request, slug, "story", render_page, withdrawn)


@login_not_required
@require_safe
def claims_json(request, slug):
    def render_document(article):
        document = read_story(article, _site(request), claims_document)
        return json.dumps(document, ensure_ascii=False, indent=2).encode()

    def withdrawn(article):
        return JsonResponse(
            {
                "story": {
                    "title": article.title,
                    "withdrawn": article.withdrawn_at.isoformat(),
                    "reason": article.withdrawal_reason,
                }
            },
            status=GONE,
            json_dumps_params={"ensure_ascii": False},
        )

    return cached_response(
        request, slug, "claims.json", render_document, withdrawn, content_type="application/json"
    )
