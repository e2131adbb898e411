// Quote picker: words selected in the story preview ([data-quote-source]) become the quote
// of the Log claim form, with a few words before and after to tell repeated words apart
// (a W3C TextQuoteSelector's prefix and suffix). Typing the quote by hand works as well.
// The preview and the form are both re-rendered by htmx, so both are looked up each time.
const CONTEXT_WORDS = 4;

function squash(text) {
  return text.replace(/\s+/g, " ");
}

function lastWords(text, count) {
  return squash(text).trimEnd().split(" ").slice(-count).join(" ").trim();
}

function firstWords(text, count) {
  return squash(text).trimStart().split(" ").slice(0, count).join(" ").trim();
}

function selectedQuote() {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const start = range.startContainer.parentElement?.closest("[data-quote-source]");
  const end = range.endContainer.parentElement?.closest("[data-quote-source]");
  if (!start || start !== end) return null;
  const quote = squash(selection.toString()).trim();
  if (!quote) return null;

  const before = document.createRange();
  before.selectNodeContents(start);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.selectNodeContents(start);
  after.setStart(range.endContainer, range.endOffset);
  return {
    quote,
    prefix: lastWords(before.toString(), CONTEXT_WORDS),
    suffix: firstWords(after.toString(), CONTEXT_WORDS),
  };
}

function fill(form, picked) {
  const fields = { quote: picked.quote, quote_prefix: picked.prefix, quote_suffix: picked.suffix };
  for (const [name, value] of Object.entries(fields)) {
    const field = form.elements.namedItem(name);
    if (field) field.value = value;
  }
}

function pick({ focus }) {
  const form = document.getElementById("log-claim-form");
  const picked = form && selectedQuote();
  if (!picked) return;
  fill(form, picked);
  const statement = form.elements.namedItem("statement");
  if (focus && statement) statement.focus({ preventScroll: false });
}

// A mouse or touch selection ends with the pointer released: fill and move on to the
// statement. A keyboard selection (Shift + arrows) fills as it grows and leaves focus be.
document.addEventListener("pointerup", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-quote-source]")) {
    // The selection is final only after this event has been handled.
    setTimeout(() => pick({ focus: true }));
  }
});
document.addEventListener("keyup", (event) => {
  if (event.shiftKey || event.key === "Shift") pick({ focus: false });
});
