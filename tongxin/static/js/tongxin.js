// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // A failed htmx request (403, 404, 500 …) says so instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.querySelector(".messages");
    if (!box) {
      box = document.createElement("div");
      box.className = "messages";
      var main = document.getElementById("main");
      main.insertBefore(box, main.firstChild);
    }
    var div = document.createElement("div");
    div.className = "message error";
    div.setAttribute("role", "alert");
    div.textContent = event.detail.xhr.status >= 500 ? "服务器出错，请稍后再试 / Server error" : "操作未完成 / Not done";
    box.prepend(div);
  });

  // On wide screens the menu is a row of links in the header: keep it open.
  var wide = window.matchMedia("(min-width: 860px)");
  function openMenuIfWide() {
    document.querySelectorAll("details.nav-menu").forEach(function (menu) { menu.open = wide.matches; });
  }
  openMenuIfWide();
  if (wide.addEventListener) { wide.addEventListener("change", openMenuIfWide); }

  // Filter forms marked data-drop-empty leave unused fields out of the URL they push.
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    if (!source || !source.closest || !source.closest("[data-drop-empty]")) { return; }
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) {
      if (params[key] === "" || key === "page") { delete params[key]; }
    });
  });

  // Buttons with data-confirm ask first (plain forms and htmx forms alike).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // The language switch returns to the page as it is now (htmx may have changed the URL).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("lang-switch")) {
      var next = form.querySelector("input[name=next]");
      if (next) { next.value = window.location.pathname + window.location.search; }
    }
  });
})();
