"""What the claims panel beside an article needs, in one place (desk article page and the
panel's own htmx fragment alike)."""

from .models import Claim


def panel_context(article, user):
    return {"article": article, "claims": Claim.objects.filter(article=article)}
