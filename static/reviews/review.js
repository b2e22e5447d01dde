// Keyboard-first review: 1/2/3 choose a verdict, n/e focus note/evidence, s skips,
// Ctrl+Enter saves and moves on, Esc leaves a text box.
(function () {
  "use strict";
  const form = document.getElementById("verdict-form");
  if (!form) return;
  const radios = form.querySelectorAll('input[name="verdict"]');
  document.addEventListener("keydown", function (event) {
    const typing = event.target.closest("input[type=text], input[type=url], textarea");
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
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
    } else if (event.key === "s") {
      event.preventDefault();
      document.getElementById("skip").click();
    } else if (event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  const lease = document.querySelector("[data-seconds-left]");
  const left = document.getElementById("lease-left");
  if (lease && left) {
    let seconds = Number(lease.dataset.secondsLeft);
    setInterval(function () {
      seconds = Math.max(0, seconds - 1);
      const m = Math.floor(seconds / 60), s = seconds % 60;
      left.textContent = m + ":" + String(s).padStart(2, "0");
      if (seconds === 0) lease.classList.add("expired");
    }, 1000);
  }
})();
