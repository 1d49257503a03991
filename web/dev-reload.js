// Development only (`make dev`): reloads the page when a new UI build lands. Not in release
// bundles.
"use strict";
(function () {
  var seen = null;
  setInterval(function () {
    fetch("build-id.txt", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (id) {
        if (id === null) return;
        if (seen === null) seen = id;
        else if (id !== seen) location.reload();
      })
      .catch(function () {});
  }, 1000);
})();
