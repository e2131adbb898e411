"""The Atom feed of published stories, through Django's syndication framework."""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Article
from .reader.counts import counts_of, with_claim_counts
from .reader.structured import PUBLISHER

FEED_LENGTH = 20
# What XML 1.0 cannot carry (anything outside its Char production): the C0 controls bar tab
# and newlines, lone surrogates, U+FFFE and U+FFFF. A story's text may hold them (the article
# form refuses only NUL); Django's feed writer refuses the controls and would write the rest
# into a document no feed reader parses.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_text(text):
    """`text` without the characters XML 1.0 cannot carry: the rest of it is the entry."""
    return _NOT_XML.sub("", text)


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
        return feed_text(item.title)

    def item_description(self, item):
        # Atom carries the summary as HTML, so the standfirst is escaped as HTML here and
        # then once more as XML by the feed writer: a reader's feed app shows it as text.
        counts = counts_of(item)
        standfirst = feed_text(item.standfirst)
        return escape(f"{standfirst} ({counts})" if counts else standfirst)

    def item_author_name(self, item):
        return feed_text(item.byline) or PUBLISHER

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at
