"""The source registry: who said something, reused by every claim that cites them."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from .. import limits

SIMILAR_SOURCES = 5


class SourceKind(models.TextChoices):
    STATE_MEDIA = "state_media", "State media"
    GOVERNMENT = "government", "Government"
    INTELLIGENCE_SERVICE = "intelligence_service", "Intelligence service"
    OFFICIAL_SPOKESPERSON = "official_spokesperson", "Official spokesperson"
    WIRE_AGENCY = "wire_agency", "Wire agency"
    NEWS_OUTLET = "news_outlet", "News outlet"
    DOCUMENT = "document", "Document"
    EXPERT = "expert", "Expert"
    OTHER = "other", "Other"


class SourceQuerySet(models.QuerySet):
    def named(self, name):
        """The source called `name`, however it is capitalized, or None."""
        return self.filter(name__iexact=name.strip()).first()

    def similar_to(self, name):
        """Sources a mistyped or partial name probably meant: every word in their name."""
        words = name.split()
        if not words:
            return []
        queryset = self
        for word in words:
            queryset = queryset.filter(name__icontains=word)
        return list(queryset[:SIMILAR_SOURCES])


class Source(models.Model):
    """A registry entry reused by many claims: KCNA is one Source, cited again and again."""

    Kind = SourceKind

    name = models.CharField(max_length=limits.SOURCE_NAME)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.OTHER)
    url = models.URLField(max_length=limits.URL, blank=True)
    description = models.TextField(
        max_length=limits.SOURCE_DESCRIPTION,
        blank=True,
        help_text="Who this is, as a reader should know it: “Kremlin aide”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="source_name_unique_ci",
                violation_error_message="A source with this name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            *limits.length_checks(
                "source",
                {
                    "name": limits.SOURCE_NAME,
                    "url": limits.URL,
                    "description": limits.SOURCE_DESCRIPTION,
                },
            ),
        ]

    def __str__(self):
        return self.name
