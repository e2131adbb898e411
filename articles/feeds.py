"""The Atom feed of published stories, through Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Article
from .reader.counts import counts_of, with_claim_counts
from .reader.structured import PUBLISHER

FEED_LENGTH = 20


class LatestStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = f"{PUBLISHER}: latest stories"
    subtitle = "Every claim in our stories carries a badge that says how sure we are of it."
    link = reverse_lazy("articles:front_page")
    feed_url = reverse_lazy("articles:feed")

    def items(self):
        articles = with_claim_counts(Article.objects.published())
        return articles.order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom carries the summary as HTML, so the standfirst is escaped as HTML here and
        # then once more as XML by the feed writer: a reader's feed app shows it as text.
        counts = counts_of(item)
        return escape(f"{item.standfirst} ({counts})" if counts else item.standfirst)

    def item_author_name(self, item):
        return item.byline or PUBLISHER

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at
