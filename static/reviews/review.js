// The reviewer's claim page.
// Keyboard: Alt+1/2/3 verdict, Alt+N note, Alt+E evidence, Alt+M missing source and Ctrl+Enter "save and next"
// work everywhere, also inside a text box; outside a text box 1/2/3, n/e/m, s (skip), x (not a claim), Enter and
// ? (help; hiding it is remembered for the reviewer) work too. Esc leaves a text box.
// Leases: while the reviewer is active a heartbeat extends the lease (up to the maximum hold); a warning shows
// before it runs out. Drafts: the form is saved on the server as the reviewer types and restored on return.
(function () {
  "use strict";
  const form = document.getElementById("verdict-form");
  if (!form) return;
  const radios = form.querySelectorAll('input[name="verdict"]');
  const help = document.getElementById("shortcut-help");
  const helpToggle = document.getElementById("help-toggle");
  const csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;

  function post(url, body) {
    body = body || new FormData();
    if (!body.has("csrfmiddlewaretoken")) body.append("csrfmiddlewaretoken", csrf);
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } });
  }

  function toggleHelp() {
    if (!help) return;
    help.hidden = !help.hidden;
    if (helpToggle) helpToggle.setAttribute("aria-expanded", String(!help.hidden));
    const body = new FormData();
    body.append("hidden", help.hidden ? "1" : "0");
    post(form.dataset.helpUrl, body).catch(function () {});
  }
  if (helpToggle) helpToggle.addEventListener("click", toggleHelp);

  function focusField(id) {
    const field = document.getElementById(id);
    if (field) field.focus();
  }
  function chooseVerdict(index, keepFocus) {
    const radio = radios[index];
    if (!radio) return;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    if (!keepFocus) radio.focus();
  }
  const FIELD_BY_CODE = { KeyN: "id_note", KeyE: "id_evidence", KeyM: "id_missing_source_note" };

  document.addEventListener("keydown", function (event) {
    active = true;
    const typing = event.target.closest("input[type=text], input[type=url], input[type=date], textarea");
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      if (event.target.closest("#not-a-claim-form")) return;  // Enter there submits the flag
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      // Modifier shortcuts: they never type a letter, so they work inside text boxes too.
      if (FIELD_BY_CODE[event.code]) {
        event.preventDefault();
        focusField(FIELD_BY_CODE[event.code]);
      } else if (["Digit1", "Digit2", "Digit3"].includes(event.code)) {
        event.preventDefault();
        chooseVerdict(Number(event.code.slice(-1)) - 1, Boolean(typing));
      }
      return;
    }
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    if (["1", "2", "3"].includes(event.key)) {
      event.preventDefault();
      chooseVerdict(Number(event.key) - 1, false);
    } else if (event.key === "n") {
      event.preventDefault();
      focusField("id_note");
    } else if (event.key === "e") {
      event.preventDefault();
      focusField("id_evidence");
    } else if (event.key === "m") {
      event.preventDefault();
      focusField("id_missing_source_note");
    } else if (event.key === "s") {
      event.preventDefault();
      document.getElementById("skip").click();
    } else if (event.key === "x") {
      event.preventDefault();
      focusField("id_not_a_claim_reason");
    } else if (event.key === "?") {
      event.preventDefault();
      toggleHelp();
    } else if (event.key === "Enter" && !event.target.closest("button, a")) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // --- Drafts: saved on the server a moment after the reviewer stops typing.
  const draftStatus = document.getElementById("draft-status");
  let draftTimer = null;
  let submitting = false;
  function saveDraft() {
    draftTimer = null;
    if (submitting) return;
    post(form.dataset.draftUrl, new FormData(form)).then(function (response) {
      if (!draftStatus) return;
      if (response.ok) {
        draftStatus.textContent = "Draft saved " + new Date().toLocaleTimeString();
        draftStatus.dataset.saved = "1";
      } else {
        draftStatus.textContent = "Draft not saved (HTTP " + response.status + ")";
      }
    }).catch(function () { if (draftStatus) draftStatus.textContent = "Draft not saved: offline?"; });
  }
  function scheduleDraft() {
    active = true;
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 700);
  }
  form.addEventListener("input", scheduleDraft);
  form.addEventListener("change", scheduleDraft);
  form.addEventListener("submit", function () {
    submitting = true;
    if (draftTimer) clearTimeout(draftTimer);
  });

  // --- Lease: count down, extend while the reviewer is active, warn before it runs out.
  const lease = document.getElementById("lease");
  const left = document.getElementById("lease-left");
  const warning = document.getElementById("lease-warning");
  let seconds = Number(form.dataset.secondsLeft);
  let capped = form.dataset.capped === "1";
  let active = false;
  const maxHold = form.dataset.maxHold;
  function clock(value) {
    const m = Math.floor(value / 60), s = value % 60;
    return m + ":" + String(s).padStart(2, "0");
  }
  function draw() {
    if (!left) return;
    lease.classList.toggle("ending", seconds > 0 && seconds <= 120);
    lease.classList.toggle("expired", seconds === 0);
    if (seconds === 0) {
      left.textContent = "expired";
      warning.textContent = "Your lease has run out. Your draft is kept. Saving takes the claim again if no other " +
        "reviewer has it; if one does, you will be told and can copy your text.";
      warning.className = "lease-warning expired";
      warning.hidden = false;
      return;
    }
    left.textContent = clock(seconds);
    if (seconds <= 120) {
      warning.textContent = capped
        ? "You have held this claim for the maximum of " + maxHold + " minutes: save within " + clock(seconds) +
          ". After that your draft is kept, and saving still works if no other reviewer took the claim."
        : "Your lease ends in " + clock(seconds) + ". Keep working (type, click or press a key) and it is extended.";
      warning.className = "lease-warning ending";
      warning.hidden = false;
    } else {
      warning.hidden = true;
    }
  }
  function heartbeat() {
    if (!active || seconds === 0 || capped || submitting) return;
    active = false;
    post(form.dataset.heartbeatUrl).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) {
          seconds = body.seconds_left;
          capped = Boolean(body.capped);
        } else if (response.status === 409) {
          seconds = 0;
        }
        draw();
      });
    }).catch(function () {});
  }
  ["mousedown", "scroll", "focusin"].forEach(function (name) {
    document.addEventListener(name, function () { active = true; }, { passive: true });
  });
  draw();
  setInterval(function () { seconds = Math.max(0, seconds - 1); draw(); }, 1000);
  setInterval(heartbeat, Math.max(1, Number(form.dataset.heartbeatSeconds)) * 1000);
})();
