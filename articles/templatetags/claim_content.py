"""Filters for showing what an edit changes on the desk."""

from django import template

from claims import content

register = template.Library()

# Unchanged text longer than this shows only its ends, so that a correction of one word in
# a long body shows that word in its sentence, not the whole story.
KEEP = 120


@register.filter
def attribution(entry):
    """A claim content's citation as the desk lists it."""
    return content.attribution(entry)


@register.filter
def elided(text):
    """Unchanged words between changes: all of them if few, else their two ends."""
    if len(text) <= 2 * KEEP:
        return text
    head, tail = text[:KEEP], text[-KEEP:]
    return f"{head.rsplit(' ', 1)[0]} … {tail.split(' ', 1)[-1]}"
