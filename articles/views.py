"""The reader's pages: the front page, each published story, its claims.json.

Readers are anonymous and many, so a story's pages are rendered once per version and served
from the cache (articles.story_cache) with ETag and Last-Modified; everything they show is
gathered by articles.reader in a fixed number of queries.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from . import story_cache
from .models import Article
from .reader import Story, with_claim_counts

STORIES_PER_PAGE = 20


@login_not_required
@require_safe
def front_page(request):
    articles = with_claim_counts(Article.objects.published()).order_by("-published_at", "-pk")
    page = Paginator(articles, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/front_page.html", {"page_obj": page})


def _site(request):
    return f"{request.scheme}://{request.get_host()}"


@login_not_required
@require_safe
def story(request, slug):
    def render_page(article):
        story = Story(article, _site(request)).prepare_page()
        return render_to_string("articles/story.html", {"story": story}).encode()

    return story_cache.cached_response(request, slug, "story", render_page)


@login_not_required
@require_safe
def claims_json(request, slug):
    def render_document(article):
        document = Story(article, _site(request)).claims_document()
        return json.dumps(document, ensure_ascii=False, indent=2).encode()

    return story_cache.cached_response(
        request, slug, "claims.json", render_document, content_type="application/json"
    )
