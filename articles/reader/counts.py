"""How many claims of each status a story has: “5 verified · 2 intelligence estimates”."""

from django.db.models import Count, Q

from claims.models import Claim


def claim_counts(counts):
    """“5 verified · 4 unconfirmed · 2 intelligence estimates” from {status: count}."""
    return " · ".join(
        status.counted(counts[status]) for status in Claim.Status if counts.get(status)
    )


def with_claim_counts(articles):
    """Annotate each article with its claims' counts, in the same query that lists them."""
    return articles.annotate(
        **{
            f"n_{status}": Count(
                "claims",
                filter=Q(claims__status=status, claims__presence=Claim.Presence.LIVE),
            )
            for status in Claim.Status.values
        }
    )


def counts_of(article):
    """The counts of an article annotated by `with_claim_counts`."""
    return claim_counts({s: getattr(article, f"n_{s}", 0) for s in Claim.Status.values})
