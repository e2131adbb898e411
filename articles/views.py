"""The reader's pages: the front page, each published story, its claims.json.

Readers are anonymous and many, so a story's pages are rendered once per version and served
from the cache (articles.story_cache) with ETag and Last-Modified; everything they show is
gathered by articles.reader in a fixed number of queries.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
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


def _published(slug):
    return get_object_or_404(Article.objects.published(), slug=slug)


def _site(request):
    return f"{request.scheme}://{request.get_host()}"


@login_not_required
@require_safe
def story(request, slug):
    article = _published(slug)

    def render_page():
        story = Story(article, _site(request))
        # The JSON-LD is escaped for a <script> element by Story.structured_data_json
        # (no <, > or & survives), so marking it safe cannot let user text out.
        context = {"story": story, "structured_data": mark_safe(story.structured_data_json())}
        return render_to_string("articles/story.html", context).encode()

    return story_cache.cached_response(request, article, "story", render_page)


@login_not_required
@require_safe
def claims_json(request, slug):
    article = _published(slug)

    def render_document():
        document = Story(article, _site(request)).claims_document()
        return json.dumps(document, ensure_ascii=False, indent=2).encode()

    return story_cache.cached_response(
        request, article, "claims.json", render_document, content_type="application/json"
    )
