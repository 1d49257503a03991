// Minifies a script of the page with Debian's terser, standard input to standard output.
// Emscripten 3.1.6 only strips its JavaScript's whitespace (its Closure pass needs a Java
// compiler from npm), so every name stays long; the page's own scripts carry their comments.
// Usage: NODE_PATH=/usr/share/nodejs node minify_js.js [--shares-globals] < IN.js > OUT.js
// --shares-globals: the script's top-level names are read by another script (boot.js's Module
// by the app's), so they are kept as they are; otherwise they are the script's own.
"use strict";
const fs = require("fs");
const { minify } = require("terser");

const ownsGlobals = !process.argv.includes("--shares-globals");
minify(fs.readFileSync(0, "utf8"), {
  toplevel: ownsGlobals,
  // The app's script reads its configuration from boot.js's global Module.
  mangle: { reserved: ["Module"] },
  compress: { passes: 2 },
})
  .then((result) => process.stdout.write(result.code))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
