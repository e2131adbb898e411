"""The parts of a story page kept once rendered, each under what it is made of.

- A claim's details as the database has them (its note, assessment, citations and their
  sources), under its `content_version`: renewed in the database, in the same transaction,
  by every change to them (`Claim.save`, articles.story_cache.receivers), but not by an
  approved change of its status, which only adds to its history (below).
- A claim's history (its approved status changes and corrections, never changed once
  approved) under its `revision`, which every decision on the claim counts in the same
  transaction, and its `content_version`.
- A claim's part: its item in the list under the story (its details, and for a claim whose
  badge is in the body the popover that badge opens) and its ClaimReview in the JSON-LD,
  under its `content_version`, its status, its history (the approved changes and
  corrections it is written from, each never changed once approved), whether its badge is
  in the body, whether its re-check moment has passed and the story's moment of
  publication (the year its dates are written against, the oldest its review can be).
- The story's body (Markdown rendered and sanitized, quotes marked, a place left for each
  badge), under the body and each claim's pk, quote, prefix and suffix, in reading order.
  The badges, which change with a claim's status, are filled in for each page.
- A line of the story's Updates, under what it says and when.
- The page's template rendered with a place left for each of the parts above
  (`html.page_html`), under what it shows of the article (`html.Masthead`: the title,
  standfirst, dateline, byline, publication moment, slug and the page's address), which
  is all it is given.

Every key is read from the database with the page (the article's row, each claim's
version, decision count and status) or made of what was kept under such a key, so an
entry is found again only for what the database holds now: it is right in every process
and container whatever the others did, and no change ever needs to reach it. Only what is
not kept is read further: after the usual change to a live story, one claim's status,
that claim's history and no claim's details; and that claim's part is the only one
rendered anew (`StoryPage`). Each process keeps its own parts: one renders in
microseconds, less than asking a shared cache for it would take.
"""

import threading


class Rendered:
    """A bounded map from a fragment's key to the fragment; the least recently used goes
    first. `renders` counts the fragments rendered (tests and bench/ read it)."""

    def __init__(self, size):
        self.size = size
        self.renders = 0
        self._entries = {}
        self._lock = threading.Lock()

    def kept(self, keys):
        """{key: fragment} of those of `keys` that are kept."""
        found = {}
        with self._lock:
            entries = self._entries
            for key in keys:
                fragment = entries.pop(key, None)
                if fragment is not None:
                    found[key] = entries[key] = fragment  # the most recently used now
        return found

    def get(self, key, render):
        """The fragment for `key`: kept, or `render()`ed now and kept."""
        with self._lock:
            html = self._entries.pop(key, None)
            if html is not None:
                self._entries[key] = html  # the most recently used now
                return html
        html = render()
        with self._lock:
            self.renders += 1
            self._entries[key] = html
            while len(self._entries) > self.size:
                del self._entries[next(iter(self._entries))]
        return html

    def clear(self):
        with self._lock:
            self._entries.clear()


# About a kilobyte and a half each: a few dozen long stories.
items = Rendered(4096)
# A claim's details as read from the database (`details.give`), under its pk
# and `content_version`: what its item is rendered from after a change of its status.
details = Rendered(4096)
# A claim's history (its approved status changes and corrections) under its pk,
# `content_version` and `revision` (`history.load`).
histories = Rendered(4096)
# A body's parts weigh what its page does, without the list: the stories being read.
bodies = Rendered(64)
# A line of a story's Updates, under the `history.Update` it writes (its moment and words).
updates = Rendered(4096)
# The page around its parts, under its `html.Masthead`: a few kilobytes for each story read.
shells = Rendered(64)


def forget():
    """Render everything anew from here on (tests, bench/)."""
    items.clear()
    details.clear()
    histories.clear()
    bodies.clear()
    updates.clear()
    shells.clear()
