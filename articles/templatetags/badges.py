"""{% badge status %}: the one badge for a claim status, on the desk as on the story page."""

from django import template

from claims.models import Claim

register = template.Library()


@register.inclusion_tag("articles/_badge.html")
def badge(status):
    return {"status": Claim.Status(status)}
