"""manage.py verification_gaps: the claims whose status the rules no longer back, for editors.

DESIGN.md rule 12 came after claims were verified on one origin, and its migration does not
change them (only an editor can say a claim is a primary record): this lists each such
claim, and any intelligence estimate left without its assessment, with the reason in the
rules' own words (`claims.rules`) and where to fix it on the desk. A claim leaves the list
when an editor verifies it again with a primary-record note, adds an independent citation,
gives an estimate its assessment, or changes its status.
"""

from django.core.management.base import BaseCommand
from django.db.models import Prefetch
from django.urls import reverse

from claims import rules
from claims.models import Citation, Claim


def gaps():
    """[(claim, [reason, ...])] for every live claim the rules do not back, story by story."""
    claims = (
        Claim.objects.live()
        .exclude(status=Claim.Status.UNCONFIRMED)
        .select_related("article", "assessment_by")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            "status_changes",
        )
        .order_by("article__title", "article", "position", "pk")
    )
    found = []
    for claim in claims:
        problems = rules.standing_problems(claim)
        if problems:
            found.append((claim, problems))
    return found


class Command(BaseCommand):
    help = (
        "List the verified claims that rest on fewer than two independent origins without a "
        "primary-record note, and the intelligence estimates without an assessment: claims "
        "whose badge the rules of independence and provenance do not back. Changes nothing."
    )

    def handle(self, *args, **options):
        found = gaps()
        if not found:
            self.stdout.write(
                "Every verified claim rests on two independent origins or a primary record, "
                "and every intelligence estimate carries its assessment."
            )
            return
        count = "1 claim needs" if len(found) == 1 else f"{len(found)} claims need"
        self.stdout.write(
            f"{count} an editor: verify each again with a primary-record note, add an "
            "independent citation, record the assessment, or change its status."
        )
        story = None
        for claim, problems in found:
            if claim.article_id != story:
                story = claim.article_id
                self.stdout.write(
                    f"\n{claim.article.title} ({claim.article.get_status_display().lower()})"
                )
            where = reverse("desk:article", args=[claim.article_id]) + f"#claim-{claim.pk}"
            self.stdout.write(f"  {claim.get_status_display()}: {where}")
            for problem in problems:
                self.stdout.write(f"    {problem}")
