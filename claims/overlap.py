"""When two passages of a story state the same fact, and which words of it are taken.

- `same_fact`: a “Key Takeaways” bullet or an “Official Statements” quotation usually
  restates a sentence of the body; the suggester keeps the body's sentence, where the
  story states the fact with its attribution.
- `logged_spans`: where the claims already logged sit in the text, so that nothing
  overlapping them is suggested again.
- `rare_shared_word`: the one telling word an unattributed item shares with a sentence
  that names a source (“rostrum”), so the item can propose that source.
"""

import re

from .quotes import NormalizedText, find_quote, fold

_WORD = re.compile(r"[A-Za-z][A-Za-z']+|\d[\d,.]*\d|\d")
_STOPWORDS = frozenset({
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
    "would", "could", "may", "might", "can", "that", "this", "these", "those", "it", "its",
    "his", "her", "their", "he", "she", "they", "we", "i", "not", "no", "any", "some", "also",
    "than", "then", "since", "into", "over", "under", "about", "after", "before", "during",
    "while", "who", "which", "what", "when", "where", "there", "here", "more", "most", "said",
    "says", "say",
})  # fmt: skip
# Share of a restatement's words, each weighed by how rare it is in the story, found in
# one body sentence: “Kim”, “Xi” and “Putin” are in half the seed's sentences and say
# little about which fact a bullet restates; “Choe Son Hui” says a lot.
SAME_FACT = 0.4
SAME_FIGURE = 0.3  # …when the two also share a figure


def content_words(text):
    """The words of `text` that carry its meaning, lightly stemmed: “inspected” and
    “inspecting” are one word, “Kim’s” is “kim”."""
    words = set()
    for word in _WORD.findall(fold(text)):
        word = word.lower().removesuffix("'s").strip("'-")
        if word in _STOPWORDS or len(word) < 2:
            continue
        words.add(_stem(word))
    return words


def _stem(word):
    """“include”, “includes”, “including” and “included” are one word; so are “aide” and
    “aides”. Crude, but the same crudeness on both sides of a comparison."""
    if word[0].isdigit():
        return word.replace(",", "")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def same_fact(restated, body_sentences, frequency):
    """Whether the words of `restated` are mostly those of one of `body_sentences` (each a
    set of content words); `frequency` counts the story's sentences holding each word."""
    if not restated:
        return False
    weights = {word: 1 / max(frequency.get(word, 1), 1) for word in restated}
    total = sum(weights.values())
    numbers = {word for word in restated if word[0].isdigit()}
    for sentence in body_sentences:
        shared = sum(weights[word] for word in restated & sentence) / total
        if shared >= SAME_FACT or (numbers & sentence and shared >= SAME_FIGURE):
            return True
    return False


def word_frequency(passages):
    """{word: how many of `passages` (sets of content words) hold it}."""
    frequency = {}
    for words in passages:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    return frequency


def logged_spans(text, logged, normalized=None):
    """(start, end) in `text` of each logged quote that still occurs in it. `logged` holds
    claims (anything with quote, quote_prefix, quote_suffix) or plain quotes."""
    normalized = normalized or NormalizedText(text)
    spans = []
    for claim in logged:
        if isinstance(claim, str):
            quote, prefix, suffix = claim, "", ""
        else:
            quote, prefix, suffix = claim.quote, claim.quote_prefix, claim.quote_suffix
        if match := find_quote(text, quote, prefix, suffix, normalized=normalized):
            spans.append((match.start, match.end))
    return spans


def overlaps(start, end, spans):
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def rare_shared_word(words, others, frequency):
    """The first other passage (index, word) sharing with `words` a word that occurs in
    just those two passages; `others` is [(index, words)], `frequency` counts passages."""
    rare = sorted(w for w in words if frequency.get(w) == 2 and len(w) >= 6 and w.isalpha())
    for word in rare:
        for index, other in others:
            if word in other:
                return index, word
    return None
