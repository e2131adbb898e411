"""How the source registry changes: a source added, edited (its name, kind, description,
address, affiliation) or merged into another as a duplicate (DESIGN.md rule 12).

Every change is recorded as a `SourceChange` (who, when, before and after) and announced
with `sources_changed`, so that every story showing the sources touched gets a fresh page
(articles.story_cache). Affiliations change only here: a chain that would loop is refused,
and `Source.affiliation_root` (the top of each chain, claims.independence) is kept right for
the source and everything below it.

Changes to the registry run one at a time (a PostgreSQL advisory lock): a loop can only be
made by two changes that each look fine alone. A change also rewrites the pending proposals
that name the source, so it takes the locks a claim's change takes first, in the same order
(the stories, then the claims, then their pending proposals), and the sources last; the
claims' revision counts move, so an editor deciding a proposal on what it said before is
refused (rule 10).

A source cited in a story readers have read is on the record: changing it changes what
readers see at once. Only an editor may (DESIGN.md rule 6), and no change, by anyone, may
leave a claim readers see without what its status needs (rule 12: a verified claim's
independent origins, an estimate's intelligence service): a kind, an affiliation or a merge
that would is refused, naming the claims.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format

from . import rules
from .errors import StaleChange, WorkflowError, require
from .models import Citation, Claim, ClaimRevision, Source, SourceChange
from .models.source_changes import snapshot

# Sent (sender=Source) with `pks`, the sources whose readers' pages changed: their own
# words, an affiliation's name they show, or their independence.
sources_changed = Signal()

Action = SourceChange.Action
_REGISTRY_LOCK = 0x5EC7_0051  # any number no other advisory lock of this database uses
EDITABLE = ("name", "kind", "url", "description", "aliases", "affiliation")


def _lock_registry():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REGISTRY_LOCK])


def chain(source):
    """The sources `source` is affiliated with, nearest first, as stored now: [the Kremlin,
    Government of Russia] for Yuri Ushakov."""
    return _climb(source.affiliation_id, seen={source.pk})


def _climb(pk, seen):
    above = []
    while pk and pk not in seen:
        seen.add(pk)
        source = Source.objects.only("pk", "name", "affiliation_id").get(pk=pk)
        above.append(source)
        pk = source.affiliation_id
    return above


def affiliation_problem(source, affiliation):
    """Why `source` may not be affiliated with `affiliation`, or "" if it may (the chain
    read from the database as it is now, not from the objects given)."""
    if affiliation is None or source.pk is None:
        return ""
    if affiliation.pk == source.pk:
        return f"{source.name} cannot be affiliated with itself."
    path = _climb(affiliation.pk, seen=set())
    for n, above in enumerate(path):
        if above.pk == source.pk:
            loop = " → ".join(s.name for s in path[: n + 1])
            return (
                f"{source.name} cannot be affiliated with {affiliation.name}: "
                f"{affiliation.name} is itself affiliated with {source.name} ({loop}), and a "
                "chain of affiliations cannot loop."
            )
    return ""


def _top_above(affiliation):
    """The root a source affiliated with `affiliation` gets."""
    if affiliation is None:
        return None
    return affiliation.affiliation_root_id or affiliation.pk


def _below(pk):
    """Every source affiliated with the source `pk`, through the chain."""
    found, frontier = [], [pk]
    while frontier:
        frontier = list(
            Source.objects.filter(affiliation__in=frontier)
            .exclude(pk__in=[pk, *found])  # a loop cannot be stored; never walk one anyway
            .values_list("pk", flat=True)
        )
        found += frontier
    return found


def _renew_roots_below(source):
    """After `source`'s affiliation (and so its root) changed: the roots under it."""
    below = _below(source.pk)
    Source.objects.filter(pk__in=below).update(
        affiliation_root=source.affiliation_root_id or source.pk
    )
    return below


def add(user, *, name, kind, url="", description="", aliases="", affiliation=None):
    """A new source (its name must be new: the caller offers the existing one if not)."""
    require(user, "claims.add_source", "add sources")
    with transaction.atomic():
        _lock_registry()
        affiliation = _fresh(affiliation)
        source = Source.objects.create(
            name=name.strip(),
            kind=kind,
            url=url,
            description=description,
            aliases=aliases,
            affiliation=affiliation,
            affiliation_root_id=_top_above(affiliation),
        )
        SourceChange.objects.create(
            source=source, action=Action.ADDED, after=snapshot(source), author=user
        )
        return source


def edit(source, user, *, seen, **fields):
    """Change any of `EDITABLE` of `source`, opened at its revision `seen`. Returns the
    audit row, or None when nothing changed."""
    require(user, "claims.change_source", "edit sources")
    with transaction.atomic():
        _lock_registry()
        source = _current(source.pk)
        if source.revision != seen:
            raise StaleChange(_what_changed(source))
        if "affiliation" in fields:
            fields["affiliation"] = _fresh(fields["affiliation"])
        problem = affiliation_problem(source, fields.get("affiliation", source.affiliation))
        if problem:
            raise WorkflowError(problem)
        before = snapshot(source)
        for field, value in fields.items():
            setattr(source, field, value)
        source.name = source.name.strip()
        if snapshot(source) == before:
            return None
        if not user.has_perm("claims.decide_status_change") and _on_the_record({source.pk}):
            raise WorkflowError(
                f"{before['name']} is cited in a published story, so readers would see this "
                "change at once: ask an editor to make it."
            )
        standing = _standing_claims({source.pk, *_below(source.pk)})
        # A claim's proposal names its sources as they are now (claims.content): lock what
        # a claim's change locks first, before the source (see the module's docstring).
        _lock_claims({revision.claim_id for revision in proposals_naming(source.pk)})
        pending = _lockproposals_naming(source.pk)
        Source.objects.select_for_update(no_key=True).get(pk=source.pk)
        source.affiliation_root_id = _top_above(source.affiliation)
        source.revision += 1
        try:
            with transaction.atomic():
                source.save()
        except IntegrityError as error:
            raise WorkflowError(f"A source named “{source.name}” already exists.") from error
        below = _renew_roots_below(source)
        for revision in pending:
            _rewrite(revision, source.pk, source)
        _refuse_if_unbacked(standing)
        change = SourceChange.objects.create(
            source=source, action=Action.EDITED, before=before, after=snapshot(source), author=user
        )
        # In the transaction: the stories' new versions commit with the change.
        sources_changed.send(sender=Source, pks={source.pk, *below})
        return change


def merge(duplicate, into, user):
    """Merge `duplicate` into `into`: every citation of it (as origin or relay), every
    assessment by it, every source affiliated with it and every pending proposal naming it
    moves to `into`, and `duplicate` goes. Decided revisions keep the names they recorded.
    Returns the audit row written on `into`."""
    require(user, "claims.merge_source", "merge sources")
    if duplicate.pk == into.pk:
        raise WorkflowError("A source cannot be merged into itself.")
    with transaction.atomic():
        _lock_registry()
        dup, target = _current(duplicate.pk), _current(into.pk)
        above = chain(target)
        if any(source.pk == dup.pk for source in above):
            path = " → ".join(s.name for s in [target, *above[: above.index(dup) + 1]])
            raise WorkflowError(
                f"{target.name} is affiliated with {dup.name} ({path}): merging would make it "
                "affiliated with itself. Change that affiliation first."
            )
        standing = _standing_claims({dup.pk, target.pk})
        claims = set(
            Citation.objects.filter(Q(source=dup) | Q(via=dup)).values_list("claim", flat=True)
        )
        claims |= set(Claim.objects.filter(assessment_by=dup).values_list("pk", flat=True))
        pending = proposals_naming(dup.pk)
        _lock_claims(claims | {revision.claim_id for revision in pending})
        pending = _lockproposals_naming(dup.pk)
        list(Source.objects.select_for_update().filter(pk__in=[dup.pk, target.pk]).order_by("pk"))
        before = snapshot(target)
        moved = {
            # “X via X” is X: a citation the merge would make relay itself loses its relay.
            "relays_dropped": Citation.objects.filter(
                Q(source=dup, via=target) | Q(source=target, via=dup)
            ).update(source=target, via=None),
            "citations": Citation.objects.filter(source=dup).update(source=target),
            "relays": Citation.objects.filter(via=dup).update(via=target),
            "assessments": Claim.objects.filter(assessment_by=dup).update(assessment_by=target),
            "affiliates": Source.objects.filter(affiliation=dup).update(affiliation=target),
            "proposals": len(pending),
        }
        for revision in pending:
            _rewrite(revision, dup.pk, target)
        below = _renew_roots_below(target)
        _refuse_if_unbacked(standing)
        SourceChange.objects.create(
            source=dup,
            action=Action.MERGED_AWAY,
            before=snapshot(dup),
            other=target,
            other_name=target.name,
            moved=moved,
            author=user,
        )
        change = SourceChange.objects.create(
            source=target,
            action=Action.MERGED_IN,
            before=before,
            after=snapshot(target),
            other=dup,
            other_name=dup.name,
            moved=moved,
            author=user,
        )
        dup.delete()
        sources_changed.send(sender=Source, pks={target.pk, *below})
        return change


def merged_into(pk):
    """The audit row saying the source `pk` was merged away, or None."""
    return (
        SourceChange.objects.filter(source_id=pk, action=Action.MERGED_AWAY)
        .select_related("author")
        .first()
    )


def _fresh(affiliation):
    """`affiliation` as it is now, read under the registry's lock (its own affiliation and
    root may have changed since the caller read it)."""
    return affiliation and _current(affiliation.pk)


def _current(pk):
    source = Source.objects.select_related("affiliation").filter(pk=pk).first()
    if source is None:
        raise WorkflowError(_gone_message(pk))
    return source


def _gone_message(pk):
    merge = merged_into(pk)
    if merge is None:
        return "This source no longer exists."
    return (
        f"{merge.before['name']} was merged into {merge.other_name} by {merge.author} at "
        f"{_at(merge.created_at)}."
    )


def _what_changed(source):
    last = source.changes.select_related("author").order_by("-pk").first()
    if last is None:
        return f"{source.name} changed since you opened it. Reload to see it as it is now."
    return (
        f"{last.author} changed {source.name} at {_at(last.created_at)}, after you opened it. "
        "Reload to see it as it is now."
    )


def _at(moment):
    return date_format(timezone.localtime(moment), "H:i")


def _names(content, pk):
    assessment = content.get("assessment")
    return (assessment and assessment["by"] == pk) or any(
        pk in (entry["source"], entry["via"]) for entry in content.get("citations", [])
    )


def proposals_naming(pk):
    """The pending proposals whose content names the source `pk`."""
    # Pending proposals are the review queue: few, so they are read rather than searched
    # inside their JSON (which SQLite cannot do).
    return [r for r in ClaimRevision.objects.pending() if _names(r.after, pk)]


def _lock_claims(claim_pks):
    """The stories, then the claims, in a fixed order (see claims.models.claims)."""
    stories = Claim._meta.get_field("article").related_model.objects
    story_pks = set(Claim.objects.filter(pk__in=claim_pks).values_list("article", flat=True))
    list(stories.select_for_update().filter(pk__in=story_pks).order_by("pk").only("pk"))
    list(Claim.objects.select_for_update().filter(pk__in=claim_pks).order_by("pk").only("pk"))


def _lockproposals_naming(pk):
    candidates = [revision.pk for revision in proposals_naming(pk)]
    return list(
        ClaimRevision.objects.pending().select_for_update().filter(pk__in=candidates).order_by("pk")
    )


def _on_the_record(source_pks):
    """The claims readers see (or saw, in a story since withdrawn) that cite any of
    `source_pks`, as origin or relay, or rest on its assessment."""
    return (
        Claim.objects.live()
        .filter(article__published_at__isnull=False)
        .filter(
            Q(citations__source__in=source_pks)
            | Q(citations__via__in=source_pks)
            | Q(assessment_by__in=source_pks)
        )
        .distinct()
    )


def _problems(claim_pks):
    """{claim: what it lacks for its status} as the database says now."""
    claims = (
        Claim.objects.filter(pk__in=claim_pks)
        .select_related("assessment_by")
        .prefetch_related("citations__source", "status_changes")
    )
    return {
        claim: rules.citation_problems(claim) + rules.standing_problems(claim) for claim in claims
    }


def _standing_claims(source_pks):
    """The pks of the claims on the record resting on `source_pks` whose status stands now:
    a registry change must leave them standing (`_refuse_if_unbacked`)."""
    resting = _on_the_record(source_pks).exclude(status=Claim.Status.UNCONFIRMED)
    return {claim.pk for claim, problems in _problems(resting.values("pk")).items() if not problems}


def _refuse_if_unbacked(claim_pks):
    """Refuse (rolling the change back) if a claim that stood before it no longer does."""
    fallen = [problem for problems in _problems(claim_pks).values() for problem in problems]
    if fallen:
        raise WorkflowError(
            "Readers would see claims whose status this change leaves without support: "
            + " ".join(fallen)
            + " Change their status or citations first."
        )


def _rewrite(revision, old_pk, source):
    """The pending proposal names `source` (as it is now) where it named `old_pk`; its
    claim's revision count moves, so a decision made on what it said before is refused."""
    after = revision.after
    for entry in after.get("citations", []):
        for side in ("source", "via"):
            if entry[side] == old_pk:
                entry[side], entry[f"{side}_name"] = source.pk, source.name
        if entry["via"] is not None and entry["via"] == entry["source"]:
            entry["via"], entry["via_name"] = None, None
    assessment = after.get("assessment")
    if assessment and assessment["by"] == old_pk:
        assessment["by"], assessment["by_name"] = source.pk, source.name
    revision.save(update_fields=["after"])
    Claim.objects.filter(pk=revision.claim_id).update(revision=F("revision") + 1)
