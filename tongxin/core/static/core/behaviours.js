// Small behaviours declared with data- attributes, so templates need no inline script or
// on*= handler (the Content-Security-Policy allows scripts from this site only).
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) { return; }
    // <input data-select-on-click>: a click selects the whole value, ready to copy.
    var field = target.closest("[data-select-on-click]");
    if (field && field.select) { field.select(); }
    // <button data-print>: print the page.
    if (target.closest("[data-print]")) { window.print(); }
  });
})();
