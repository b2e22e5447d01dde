// Keyboard-first review: 1/2/3 choose a verdict, n/e/m focus note/evidence/missing source, s skips, x "not a claim",
// Enter or Ctrl+Enter saves and moves on, Esc leaves a text box, ? shows or hides the shortcuts.
(function () {
  "use strict";
  const form = document.getElementById("verdict-form");
  if (!form) return;
  const radios = form.querySelectorAll('input[name="verdict"]');
  const help = document.getElementById("shortcut-help");
  const helpToggle = document.getElementById("help-toggle");
  function toggleHelp() {
    if (!help) return;
    help.hidden = !help.hidden;
    if (helpToggle) helpToggle.setAttribute("aria-expanded", String(!help.hidden));
  }
  if (helpToggle) helpToggle.addEventListener("click", toggleHelp);
  document.addEventListener("keydown", function (event) {
    const typing = event.target.closest("input[type=text], input[type=url], textarea");
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      if (event.target.closest("#not-a-claim-form")) return;  // Enter there submits the flag
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (["1", "2", "3"].includes(event.key)) {
      const radio = radios[Number(event.key) - 1];
      if (radio) { radio.checked = true; radio.focus(); }
      event.preventDefault();
    } else if (event.key === "n") {
      event.preventDefault();
      document.getElementById("id_note").focus();
    } else if (event.key === "e") {
      event.preventDefault();
      document.getElementById("id_evidence").focus();
    } else if (event.key === "m") {
      event.preventDefault();
      document.getElementById("id_missing_source_note").focus();
    } else if (event.key === "s") {
      event.preventDefault();
      document.getElementById("skip").click();
    } else if (event.key === "x") {
      event.preventDefault();
      document.getElementById("id_not_a_claim_reason").focus();
    } else if (event.key === "?") {
      event.preventDefault();
      toggleHelp();
    } else if (event.key === "Enter" && !event.target.closest("button, a")) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  const lease = document.querySelector("[data-seconds-left]");
  const left = document.getElementById("lease-left");
  if (lease && left) {
    let seconds = Number(lease.dataset.secondsLeft);
    function draw() {
      const m = Math.floor(seconds / 60), s = seconds % 60;
      left.textContent = m + ":" + String(s).padStart(2, "0");
      if (seconds <= 60) lease.classList.add("ending");
      if (seconds === 0) { lease.classList.add("expired"); left.textContent = "expired: saving will be refused"; }
    }
    draw();
    setInterval(function () { seconds = Math.max(0, seconds - 1); draw(); }, 1000);
  }
})();
