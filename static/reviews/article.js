// Corrections by selection on the editor's article page: select text with the mouse (or the keyboard) and the
// panel offers what fits: add a missed claim (nothing claimed there yet), split a claim (selection inside one
// claim: part two starts where the selection starts) or make the selection a claim's text (its span).
// Offsets are computed from the page, in characters of the article's cleaned text; nobody types them.
// Each claim also links to its page in the claims table below the text.
(function () {
  "use strict";
  const article = document.getElementById("article-text");
  const panel = document.getElementById("selection-panel");
  if (!article || !panel) return;
  const addForm = document.getElementById("add-claim-form");
  const spanForm = document.getElementById("span-form");
  const splitForm = document.getElementById("split-form");
  const note = document.getElementById("selection-note");

  function runOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest("[data-start]") : null;
  }
  function offsetOf(node, offset) {
    const run = runOf(node);
    if (!run || !article.contains(run)) return null;
    const range = document.createRange();
    range.setStart(run, 0);
    range.setEnd(node, offset);
    return Number(run.dataset.start) + range.toString().length;
  }
  function claims() {
    return Array.from(article.querySelectorAll("[data-claim]")).map(function (link) {
      const start = Number(link.dataset.start);
      return { link: link, start: start, end: start + link.textContent.length };
    });
  }
  function set(form, name, value) { form.querySelector('[name="' + name + '"]').value = String(value); }

  function update() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { panel.hidden = true; return; }
    const range = selection.getRangeAt(0);
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) { panel.hidden = true; return; }
    let text = range.toString();
    const lead = text.length - text.trimStart().length, trail = text.length - text.trimEnd().length;
    start += lead; end -= trail; text = text.trim();
    if (!text) { panel.hidden = true; return; }
    const hits = claims().filter(function (claim) { return claim.start < end && start < claim.end; });
    document.getElementById("selection-text").textContent = text.length > 160 ? text.slice(0, 157) + "…" : text;
    document.getElementById("selection-span").textContent = "(characters " + start + "–" + end + ")";
    addForm.hidden = hits.length !== 0;
    spanForm.hidden = hits.length !== 1;
    const inside = hits.length === 1 && hits[0].start < start && end <= hits[0].end;
    splitForm.hidden = !inside;
    note.textContent = hits.length > 1 ? "The selection spans more than one claim: select inside one claim, or outside every claim." : "";
    if (hits.length === 0) { set(addForm, "start", start); set(addForm, "end", end); }
    if (hits.length === 1) {
      const claim = hits[0];
      spanForm.action = claim.link.dataset.editUrl;
      set(spanForm, "text", text); set(spanForm, "start", start); set(spanForm, "end", end);
      splitForm.action = claim.link.dataset.splitUrl;
      set(splitForm, "split_at", start - claim.start);
    }
    panel.hidden = false;
  }
  document.addEventListener("selectionchange", function () {
    const selection = window.getSelection();
    if (selection && selection.rangeCount && article.contains(selection.getRangeAt(0).commonAncestorContainer)) update();
  });
  // Claims are marks, not links (Chromium starts no text selection on a link or a focusable element): a click
  // that selects nothing opens the claim's page. Keyboard users have the links of the claims table below.
  article.addEventListener("click", function (event) {
    const claim = event.target.closest("[data-href]");
    const selection = window.getSelection();
    if (claim && !(selection && !selection.isCollapsed)) window.location.assign(claim.dataset.href);
  });
})();
