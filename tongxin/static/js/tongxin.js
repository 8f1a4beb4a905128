// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.querySelector(".messages") || document.getElementById("main");
  var div = document.createElement("div");
  div.className = "message error";
  div.textContent = event.detail.xhr.status >= 500 ? "服务器出错，请稍后再试 / Server error" : "操作未完成 / Not done";
  box.prepend(div);
});
