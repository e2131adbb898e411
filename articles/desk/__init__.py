"""The newsroom desk: the pages reporters and editors work in.

Every action is one view that serves both ways of using the desk: a plain form POST gets a
redirect and a message, an htmx request gets only the fragment that changed (`responses`).
The rules themselves live below the pages, in `articles.publishing` and `claims.workflow`;
these views only call them and say what happened.

- `dashboard`: the desk's front page;
- `stories`: writing a story and moving it through the workflow;
- `panel` and `claim_card`: the claims panel beside a story, and each claim's actions;
- `reviews`: the editors' review queue;
- `sources`, `find`: the source registry and finding claims.
"""
