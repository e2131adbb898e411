"""What happened to a published story after the desk approved it: each claim's status
changes, and the corrections approved since publication (DESIGN.md rules 5 and 9).

One query reads them all (a UNION of approved status changes, claim revisions and story
revisions), whatever the size of the story, so that a cold story page stays at three. It is
compiled once (`prepared`): building the three querysets and their UNION took four times as
long as PostgreSQL takes to answer it. A status change's note is its primary-record note
(DESIGN.md rule 12), a correction's the note for readers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, IntegerField, Value, When

from claims.models import Claim, ClaimRevision, StatusChange

from ..models import ArticleRevision
from .prepared import Prepared

_STATUSES = {status.value: status for status in Claim.Status}
_NO_STATUS = Value("", output_field=CharField())


@dataclass(slots=True)
class ReaderChange:
    """An approved status change of a claim."""

    pk: int
    from_status: Claim.Status
    to_status: Claim.Status
    decided_at: datetime.datetime
    primary_record: str  # the approving editor's note, on an approval to Verified


@dataclass(slots=True)
class Correction:
    """An approved change to what the story says after publication, with the editor's note
    to readers: a claim's words or sources (`claim`), a claim added (`added`), or the
    story's own text (`story`)."""

    pk: int
    kind: str
    claim_id: int | None
    decided_at: datetime.datetime
    note: str


def _rows(article_id):
    statuses = (
        StatusChange.objects.approved()
        .filter(claim__article=article_id)
        .annotate(kind=Value("status", output_field=CharField()))
        .values_list(
            "kind", "claim_id", "pk", "from_status", "to_status", "decided_at", "primary_record"
        )
        .order_by()  # a part of a UNION may not be ordered: the whole is, below
    )
    # Corrections are what was approved after publication: `load` keeps those (a proposal
    # approved before it is no correction), which spares the query a join.
    claim_fixes = (
        ClaimRevision.objects.approved()
        .filter(claim__article=article_id)
        .annotate(
            kind=Case(
                When(before__isnull=True, then=Value("added")),
                default=Value("claim"),
                output_field=CharField(),
            ),
            from_status=_NO_STATUS,
            to_status=_NO_STATUS,
        )
        .values_list(
            "kind", "claim_id", "pk", "from_status", "to_status", "decided_at", "public_note"
        )
        .order_by()
    )
    story_fixes = (
        ArticleRevision.objects.approved()
        .filter(article=article_id)
        .annotate(
            kind=Value("story", output_field=CharField()),
            claim=Value(None, output_field=IntegerField()),
            from_status=_NO_STATUS,
            to_status=_NO_STATUS,
        )
        .values_list("kind", "claim", "pk", "from_status", "to_status", "decided_at", "public_note")
        .order_by()
    )
    return statuses.union(claim_fixes, story_fixes, all=True).order_by("decided_at", "pk")


_ROWS = Prepared(_rows)


def load(article):
    """({claim id: [ReaderChange]}, [Correction]) of a published story, oldest first."""
    changes, corrections = {}, []
    published_at = article.published_at
    for kind, claim_id, pk, from_status, to_status, decided_at, note in _ROWS.rows(article.pk):
        if kind == "status":
            changes.setdefault(claim_id, []).append(
                ReaderChange(pk, _STATUSES[from_status], _STATUSES[to_status], decided_at, note)
            )
        elif decided_at > published_at:
            corrections.append(Correction(pk, kind, claim_id, decided_at, note))
    return changes, corrections


@dataclass(frozen=True)
class Update:
    """A line of the story's Updates: a status change or a correction after publication."""

    moment: datetime.datetime
    verb: str  # Updated, Corrected, Added
    sentence: str
    anchor: str = ""  # the claim it is about, if any
    after: str = ""  # what follows the linked words: “ (it was unconfirmed)”

    @classmethod
    def of_change(cls, change, claim):
        return cls(
            change.decided_at,
            "Updated",
            f"the claim “{claim.statement}” is now {change.to_status.is_now}",
            claim.anchor,
            f" (it was {change.from_status.is_now}).",
        )

    @classmethod
    def of_correction(cls, correction, claim):
        if correction.kind == "story":
            return cls(correction.decided_at, "Corrected", correction.note)
        verb = "Added" if correction.kind == "added" else "Corrected"
        return cls(
            correction.decided_at,
            verb,
            f"the claim “{claim.statement}”",
            claim.anchor,
            f": {correction.note}",
        )
