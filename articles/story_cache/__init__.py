"""The reader's pages, rendered once per version of the story and answered from a cache.

- `pages`: the HTTP side: a page is cached under its story's version, read from the
  article's row (`content_version`), with ETag, Last-Modified and 304;
- `receivers`: the signal receivers that renew that version, in the same transaction, for
  every change to what the page shows (claims, citations, sources, approved changes);
- `listener`: on PostgreSQL, a thread per process that LISTENs for the notification a
  trigger sends when a story changes, so that a warm page costs no query;
- `middleware`: an anonymous reader's page already rendered at the current version,
  answered before the middleware such a request has no use for.

The parts a page is made of are kept by `articles.reader.fragments`, under what they
are made of, so that no change needs to reach them.
"""


def forget_rendered():
    """Empty this process's caches of rendered pages and parts of pages (tests, bench/)."""
    from ..markdown import body_text, render_markdown
    from ..reader import fragments
    from .pages import pages

    pages.clear()
    fragments.forget()
    render_markdown.cache_clear()
    body_text.cache_clear()
