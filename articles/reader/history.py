"""What happened to a published story after the desk approved it: each claim's status
changes, and the corrections approved since publication (DESIGN.md rules 5 and 9).

A story's first page reads them all in one query (a UNION of approved status changes, claim
revisions and story revisions), whatever the size of the story; each claim's history is
then kept, and the page after the usual change reads only that claim's (`load`). Both
queries are compiled once (`prepared`): building the querysets and their UNION took four
times as long as PostgreSQL takes to answer. A status change's note is its primary-record
note (DESIGN.md rule 12), a correction's the note for readers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, IntegerField, Value, When

from claims.models import Claim, ClaimRevision, StatusChange

from ..models import ArticleRevision
from . import fragments
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


def _statuses(**where):
    return (
        StatusChange.objects.approved()
        .filter(**where)
        .annotate(kind=Value("status", output_field=CharField()))
        .values_list(
            "kind", "claim_id", "pk", "from_status", "to_status", "decided_at", "primary_record"
        )
        .order_by()  # a part of a UNION may not be ordered: the whole is, below
    )


def _claim_fixes(**where):
    # Corrections are what was approved after publication: `load` keeps those (a proposal
    # approved before it is no correction), which spares the query a join.
    return (
        ClaimRevision.objects.approved()
        .filter(**where)
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


def _story_fixes(**where):
    return (
        ArticleRevision.objects.approved()
        .filter(**where)
        .annotate(
            kind=Value("story", output_field=CharField()),
            claim=Value(None, output_field=IntegerField()),
            from_status=_NO_STATUS,
            to_status=_NO_STATUS,
        )
        .values_list("kind", "claim", "pk", "from_status", "to_status", "decided_at", "public_note")
        .order_by()
    )


# The story's whole history; its own corrections alone, when every claim's history is
# kept; and one claim's with the story's own corrections, after the usual change.
_ROWS = Prepared(
    lambda article_id: (
        _statuses(claim__article=article_id)
        .union(_claim_fixes(claim__article=article_id), _story_fixes(article=article_id), all=True)
        .order_by("decided_at", "pk")
    )
)
_STORY_FIXES = Prepared(lambda article_id: _story_fixes(article=article_id))
_ONE_CLAIMS_ROWS = Prepared(
    lambda claim_id: (
        _statuses(claim=claim_id)
        .union(_claim_fixes(claim=claim_id), _story_fixes(article__claims=claim_id), all=True)
        .order_by("decided_at", "pk")
    )
)


def load(article, claims):
    """({claim id: (ReaderChange, …)}, [Correction]) of `claims` (`loader.ReaderClaim`s of
    the published `article`) and of the story itself, oldest first; corrections only
    after publication.

    Each claim's history is kept (fragments.histories) under its `revision`, which every
    decision on the claim counts in the same transaction (claims.freshness.bump: an approved
    status change or edit among them), and its `content_version`, which no other claim
    has (a count alone could meet another claim's under a pk used again, as in tests).
    Only the histories not kept are read, with the story's own corrections (a few rows):
    after the usual change, one claim's; none for a claims.json after its page, or a page
    whose claims did not change. A history read just after a decision committed may be kept
    under the count from before; only a request that had read that count already can find
    it there, and it read the same rows."""
    keys = {claim.pk: (claim.pk, claim.content_version, claim.revision) for claim in claims}
    kept = fragments.histories.kept(keys.values())
    wanted = [pk for pk, key in keys.items() if key not in kept]
    if not wanted:
        rows = _STORY_FIXES.rows(article.pk)
    elif len(wanted) == 1:
        rows = _ONE_CLAIMS_ROWS.rows(wanted[0])
    else:
        rows = _ROWS.rows(article.pk)
    read = _histories(rows)
    for pk in wanted:
        history = read.get(pk, ((), ()))
        kept[keys[pk]] = fragments.histories.get(keys[pk], lambda h=history: h)
    published_at = article.published_at
    corrections = [
        fix
        for fixes in [read.get(None, ((), ()))[1], *(kept[key][1] for key in keys.values())]
        for fix in fixes
        if fix.decided_at > published_at
    ]
    corrections.sort(key=lambda fix: (fix.decided_at, fix.pk))
    return {pk: kept[key][0] for pk, key in keys.items()}, corrections


def _histories(rows):
    """{claim id: (its changes, its corrections)} of `rows`, oldest first; the story's own
    corrections under None."""
    read = {}
    for kind, claim_id, pk, from_status, to_status, decided_at, note in rows:
        changes, fixes = read.setdefault(claim_id, ([], []))
        if kind == "status":
            changes.append(
                ReaderChange(pk, _STATUSES[from_status], _STATUSES[to_status], decided_at, note)
            )
        else:
            fixes.append(Correction(pk, kind, claim_id, decided_at, note))
    return {claim_id: (tuple(changes), tuple(fixes)) for claim_id, (changes, fixes) in read.items()}


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
