// The countdown is only a display: the server fixed the deadline when the attempt started and
// refuses answers after it. At zero the form is handed in (within the server's grace).
(function () {
  "use strict";
  function start() {
    var clock = document.querySelector("[data-remaining]");
    var form = document.getElementById("quiz-form");
    if (!clock || !form) return;
    var end = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
    var out = clock.querySelector("[data-clock]");
    var sent = false;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      out.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      clock.classList.toggle("low", left < 60);
      if (left === 0 && !sent) {
        sent = true;
        clock.querySelector("[data-time-up]").hidden = false;
        form.submit();
        return;
      }
      window.setTimeout(tick, 500);
    }
    tick();
  }
  // A refused save (time up, already handed in) is shown where "Saved" would be.
  document.addEventListener("htmx:responseError", function (event) {
    var fieldset = event.detail.elt;
    var state = fieldset && fieldset.querySelector ? fieldset.querySelector(".save-state") : null;
    if (state) state.textContent = event.detail.xhr.responseText;
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
