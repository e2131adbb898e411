"""Filters for the reader's pages: the newsroom's dates and claim counts."""

from django import template

from articles.reader.counts import counts_of
from articles.reader.dates import reader_date as _reader_date

register = template.Library()


@register.filter
def reader_date(moment):
    """“2 Sept 2025”."""
    return _reader_date(moment) if moment else ""


@register.filter
def claim_counts(article):
    """“5 verified · 4 unconfirmed · 2 intelligence estimates” for an annotated article."""
    return counts_of(article)
