// The header's menu sections are <details>: they open and close without this file. On wide
// screens, where they are drop-downs, one is open at a time, and a click elsewhere or Escape
// closes it (focus goes back to its button).
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 860px)");

  function groups() { return document.querySelectorAll("details.nav-group"); }

  function closeAll(except) {
    groups().forEach(function (group) {
      if (group !== except) { group.open = false; }
    });
  }

  document.addEventListener("toggle", function (event) {
    var group = event.target;
    if (wide.matches && group.matches && group.matches("details.nav-group") && group.open) {
      closeAll(group);
    }
  }, true);

  document.addEventListener("click", function (event) {
    if (wide.matches && !event.target.closest("details.nav-group")) { closeAll(null); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = event.target.closest && event.target.closest("details.nav-group[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
