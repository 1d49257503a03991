// Minifies Emscripten's JavaScript with Debian's terser: Emscripten 3.1.6 only strips its
// whitespace (its Closure pass needs a Java compiler from npm), so every name stays long.
// Usage: NODE_PATH=/usr/share/nodejs node minify_js.js IN.js OUT.js
"use strict";
const fs = require("fs");
const { minify } = require("terser");

const [input, output] = process.argv.slice(2);
minify(fs.readFileSync(input, "utf8"), {
  // The script's top-level names are its own, except the configuration boot.js hands it.
  toplevel: true,
  mangle: { reserved: ["Module"] },
  compress: { passes: 2 },
})
  .then((result) => fs.writeFileSync(output, result.code))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
