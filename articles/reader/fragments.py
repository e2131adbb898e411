"""The parts of a story page kept once rendered, each under exactly what it is made of.

- A claim's item in the list under the story (its details, and for a claim whose badge is
  in the body the popover that badge opens), under everything the claims query read of
  the claim and its citations (`ReaderClaim.content`: status, words, sources with their
  affiliations, assessment, re-check moment…), what its history is written from (its
  approved changes and corrections, the year of publication), whether its badge is in the
  body, its primary-record note and whether its re-check moment has passed.
- The story's body (Markdown rendered and sanitized, quotes marked, a place left for each
  badge), under the body and each claim's pk, quote, prefix and suffix, in reading order.
  The badges, which change with a claim's status, are filled in for each page.
- A line of the story's Updates, under what it says and when.

The key is the data itself, compared for equality, not a version or a digest of it: an
entry is found again only for the very same inputs, so it is right in every process and
container whatever the others did, and no change ever needs to reach it. After the usual
change to a live story, one claim's status, the page is rebuilt from these parts with one
item rendered anew (`StoryPage`). Each process keeps its own parts: one renders in
microseconds, less than asking a shared cache for it would take.
"""

import threading


class Rendered:
    """A bounded map from a fragment's inputs to its HTML; the least recently used goes
    first. `renders` counts the fragments rendered (tests and bench/ read it)."""

    def __init__(self, size):
        self.size = size
        self.renders = 0
        self._entries = {}
        self._lock = threading.Lock()

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


# About a kilobyte each (and as much again for the key): a few dozen long stories.
items = Rendered(4096)
# A body's parts weigh what its page does, without the list: the stories being read.
bodies = Rendered(64)
# A line of a story's Updates, under the `history.Update` it writes (its moment and words).
updates = Rendered(4096)


def forget():
    """Render everything anew from here on (tests, bench/)."""
    items.clear()
    bodies.clear()
    updates.clear()
