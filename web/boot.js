// Configures the Emscripten module before app.js loads: where the (hashed) wasm lives, which
// canvas to draw on, and what to do if the app cannot start.
"use strict";
var Module = {
  canvas: document.getElementById("canvas"),
  locateFile: function (path) {
    return path.endsWith(".wasm") ? "{{WASM}}" : path;
  },
  printErr: function (text) {
    console.warn(text);
  },
};
window.addEventListener("error", function () {
  var status = document.getElementById("status");
  status.textContent = "The app could not start. Reload the page to try again.";
  status.dataset.phase = "failed";
  status.classList.remove("visually-hidden");
  document.getElementById("loader").hidden = true;
});
