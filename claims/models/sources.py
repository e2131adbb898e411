"""The source registry: who said something, reused by every claim that cites them, and who
each source belongs to or speaks for (its affiliation), which decides independence."""

from django.db import connection, models
from django.db.models import F, Q, Value
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


def same_source_name(first, second):
    """Whether two names are one source's, compared as `source_name_unique_ci` compares them:
    lowered by the database (see `SourceQuerySet.named`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT LOWER(%s) = LOWER(%s)", [first.strip(), second.strip()])
        return bool(cursor.fetchone()[0])


class SourceQuerySet(models.QuerySet):
    def named(self, name):
        """The source called `name`, however it is capitalized, or None.

        Names are compared as `source_name_unique_ci` compares them: both lowered by the
        database. Anything else (`iexact` is UPPER on PostgreSQL, and Python's lower() is
        not the database's) folds some letters differently (the Kelvin sign, a dotted İ),
        and would miss the source the constraint says is there.
        """
        return self.alias(folded=Lower("name")).filter(folded=Lower(Value(name.strip()))).first()

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
    """A registry entry reused by many claims: KCNA is one Source, cited again and again.

    Its affiliation is who it belongs to or speaks for (Yuri Ushakov → the Kremlin → the
    Government of Russia). Affiliations change only through `claims.registry`, which
    refuses a chain that loops and keeps `affiliation_root`, the top of the chain, for
    `claims.independence`.
    """

    Kind = SourceKind

    name = models.CharField(max_length=limits.SOURCE_NAME)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.OTHER)
    url = models.URLField(max_length=limits.URL, blank=True)
    description = models.TextField(
        max_length=limits.SOURCE_DESCRIPTION,
        blank=True,
        help_text="Who this is, as a reader should know it: “Kremlin aide”.",
    )
    # Other names stories use for the same source, so that a suggested claim's
    # “Seoul” or “South Korea’s intelligence service” finds the entry it means.
    aliases = models.TextField(
        max_length=limits.SOURCE_ALIASES,
        blank=True,
        help_text="Other names stories use for this source, one a line: “NIS”, “Seoul”.",
    )
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliates",
        help_text="Who this source belongs to or speaks for: Yuri Ushakov → the Kremlin.",
    )
    # The top of the affiliation chain (None for a source affiliated with nobody): two
    # origins are independent exactly when their tops differ (claims.independence). Kept
    # by claims.registry with every change of an affiliation, so that every page reads
    # independence from a column rather than walking chains.
    affiliation_root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    # Counts the registry's changes to this source: an edit made on an older view of it
    # is refused (as claims' and stories' are).
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("merge_source", "Can merge a duplicate source into another")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="source_name_unique_ci",
                violation_error_message="A source with this name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(affiliation__isnull=True) | ~Q(affiliation=F("id")),
                name="source_not_affiliated_with_itself",
                violation_error_message="A source cannot be affiliated with itself.",
            ),
            models.CheckConstraint(
                condition=Q(affiliation__isnull=True, affiliation_root__isnull=True)
                | Q(affiliation__isnull=False, affiliation_root__isnull=False),
                name="source_root_follows_affiliation",
            ),
            *limits.length_checks(
                "source",
                {
                    "name": limits.SOURCE_NAME,
                    "url": limits.URL,
                    "description": limits.SOURCE_DESCRIPTION,
                    "aliases": limits.SOURCE_ALIASES,
                },
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def independence_key(self):
        """The same for two sources exactly when they are not independent of each other."""
        return self.affiliation_root_id or self.pk
