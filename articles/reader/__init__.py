"""What a reader sees of a published story.

- `loader`: the story's claims, citations and approved changes, in a fixed number of
  queries, as plain rows (`Story`);
- `html`: the parts of the page repeated per claim (badges, details, the highlighted body);
- `structured`: the same story as JSON-LD and as claims.json;
- `counts` and `dates`: the claim counts and dates the reader's pages print.
"""
