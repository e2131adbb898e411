"""How long each text a person types may be, and how the database holds it.

Every text field has a limit in the model, the form (the message names it: “Ensure this
value has at most 1000 characters (it has 1012).”) and the database: a CharField's column
has its length; a TextField has none, so a CHECK constraint on its length holds it (on
SQLite, which ignores a column's length, CharFields get one too). The limits are generous
for the job each text does, and bound what one page, the publication gate and the review
queue must match and render (bench/limits.py measures them at the largest story):

| text | limit | why |
| --- | --- | --- |
| story body | 100,000 | a long investigation is 10–15,000 words (≈ 90,000 characters) |
| story title, byline | 200 | a headline or a list of names |
| dateline | 120 | a place, as it opens the story |
| standfirst | 1,000 | one or two sentences |
| withdrawal reason | 2,000 | a paragraph readers read on the withdrawn story |
| claim statement | 1,000 | the claim in plain words: a sentence or two |
| claim quote | 2,000 | words of the body: at most a long paragraph |
| quote prefix, suffix | 200 | a few words either side, to pick one occurrence |
| public note, correction note | 2,000 | a paragraph for readers |
| decision note | 2,000 | a paragraph for the desk |
| primary-record note | 300 | “KCNA’s own report”: what the record is, in a line |
| status-change rationale | 5,000 | the checks made, source by source |
| source name | 200 | a name; description 1,000: who they are |
| source's other names | 2,000 | a name a line: the few names stories use for it |
| citation detail | 300 | “closed-door briefing to lawmakers”; quoted text 5,000 |
| URLs | 200 | Django's URLField default, kept by the form too |
| search words | 200 | a search box (Find claims, the source search); not stored |

The content of a claim is also stored as JSON in its revisions (claims.content); it comes
only from the forms (and the admin's), which hold these limits, so it holds them too.
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

STORY_BODY = 100_000
STORY_TITLE = 200
DATELINE = 120
BYLINE = 200
STANDFIRST = 1_000
WITHDRAWAL_REASON = 2_000

STATEMENT = 1_000
QUOTE = 2_000
QUOTE_CONTEXT = 200
PUBLIC_NOTE = 2_000
DECISION_NOTE = 2_000
RATIONALE = 5_000
PRIMARY_RECORD = 300

SOURCE_NAME = 200
SOURCE_DESCRIPTION = 1_000
SOURCE_ALIASES = 2_000
CITATION_DETAIL = 300
QUOTED_TEXT = 5_000
URL = 200
# What is typed into a search box: words to find, part of a name.
SEARCH = 200


def length_checks(model_name, fields):
    """A CHECK constraint per field that its text is at most its limit: {field: limit}."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit),
            name=f"{model_name}_{field}_length",
            violation_error_message=f"At most {limit} characters.",
        )
        for field, limit in fields.items()
    ]
