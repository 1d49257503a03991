// Runs before the app: starts what the first frame waits for, in parallel with loading the app —
// the counter's value (the same GET /api/counter the app's first refresh would send) and the
// wasm's download and compilation — and configures the Emscripten module: where the (hashed)
// wasm lives, which canvas to draw on, and what to do if the app cannot start.
"use strict";
var cameraCounter = (window.cameraCounter = { frames: 0, rects: {} });
cameraCounter.firstAnswer = fetch("/api/counter")
  .then(function (r) {
    return r.text().then(function (body) {
      return { status: r.status, etag: r.headers.get("ETag") || "", body: body };
    });
  })
  .catch(function () {
    return { status: 0, etag: "", body: "" };
  });
var compiledApp = WebAssembly.compileStreaming(fetch("{{WASM}}"));
// Creating the WebGL2 context takes ~100 ms on a software rasteriser; do it while the wasm
// downloads. The app asks for a context with the same attributes and gets this one.
document.getElementById("canvas").getContext("webgl2", { antialias: false, depth: false, stencil: false });
var Module = {
  canvas: document.getElementById("canvas"),
  instantiateWasm: function (imports, receiveInstance) {
    compiledApp
      .then(function (compiled) {
        return WebAssembly.instantiate(compiled, imports);
      })
      .then(receiveInstance, failed);
    return {};
  },
  printErr: function (text) {
    console.warn(text);
  },
};
function failed() {
  var status = document.getElementById("status");
  status.textContent = "The app could not start. Reload the page to try again.";
  status.dataset.phase = "failed";
  status.classList.remove("visually-hidden");
  document.getElementById("loader").hidden = true;
}
window.addEventListener("error", failed);
// The worker that lets a till start without a network (sw.js); only where the browser allows
// one (HTTPS, or this machine).
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  });
}
