"""The registry's audit trail: who added, edited or merged a source, when, and what it was
before and after. Every row is final when written (append-only: the model here, a trigger
on PostgreSQL).

A row names its source by id without a foreign-key constraint, as Django's own admin log
does: a merged duplicate is deleted, and the rows that tell its story must outlive it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .sources import Source

SOURCE_HISTORY_MESSAGE = "A change to the source registry is part of its audit trail."


class SourceChangeAction(models.TextChoices):
    ADDED = "added", "Added"
    EDITED = "edited", "Edited"
    MERGED_IN = "merged_in", "A duplicate merged into it"
    MERGED_AWAY = "merged_away", "Merged into another source"


class SourceChangeQuerySet(models.QuerySet):
    # Bulk writes skip Model.save()/delete(): refused here too.
    def update(self, **kwargs):
        raise ValidationError(SOURCE_HISTORY_MESSAGE)

    def delete(self):
        raise ValidationError(SOURCE_HISTORY_MESSAGE)


def snapshot(source):
    """What a reader of the audit trail needs of a source, by value."""
    affiliation = source.affiliation
    return {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "description": source.description,
        "aliases": source.aliases,
        "affiliation": affiliation.pk if affiliation else None,
        "affiliation_name": affiliation.name if affiliation else None,
    }


class SourceChange(models.Model):
    Action = SourceChangeAction

    source = models.ForeignKey(
        Source,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="changes",
    )
    action = models.CharField(max_length=20, choices=Action)
    # `snapshot()` of the source; None before it was added, or after it was merged away.
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The other source of a merge: the duplicate taken in, or the source merged into.
    other = models.ForeignKey(
        Source,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # Copied from that source's name as it was, never typed here.
    other_name = models.CharField(max_length=200, blank=True, editable=False)
    # What a merge moved to the source kept: {"citations": 3, "relays": 1, ...}.
    moved = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=SourceChangeAction.values),
                name="sourcechange_action_valid",
            ),
        ]
        indexes = [models.Index(fields=["source", "created_at"], name="sourcechange_history")]

    def __str__(self):
        return f"{self.get_action_display()}: source {self.source_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(SOURCE_HISTORY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(SOURCE_HISTORY_MESSAGE)
