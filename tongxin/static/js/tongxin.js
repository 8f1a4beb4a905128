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
