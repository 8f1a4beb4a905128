// The organiser's check-in page: read QR codes with the phone camera (jsQR) and post the
// code through the same form used for typing it. Plain JS; the page works without it.
(function () {
  "use strict";
  var root = document.querySelector("[data-check-in]");
  if (!root) { return; }
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=code]");
  var video = root.querySelector("video");
  var startButton = root.querySelector("[data-start-camera]");
  var stopButton = root.querySelector("[data-stop-camera]");
  var status = root.querySelector("[data-camera-status]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var lastCode = "";
  var lastAt = 0;

  function submit(code) {
    input.value = code;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function scan() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR && window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      // The same code stays in front of the camera for a while: post it once per 4 seconds.
      if (found && found.data && (found.data !== lastCode || now - lastAt > 4000)) {
        lastCode = found.data;
        lastAt = now;
        submit(found.data);
      }
    }
    window.requestAnimationFrame(scan);
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  startButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status.textContent = status.dataset.unsupported;
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.setAttribute("playsinline", "true");
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        status.textContent = "";
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(scan); })
      .catch(function () { status.textContent = status.dataset.denied; stop(); });
  });
  stopButton.addEventListener("click", stop);
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === form) { form.reset(); if (!stream) { input.focus(); } }
  });
})();
