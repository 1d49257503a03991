// Opens the page at BASE (argv[2]) in headless Chromium, then changes the page title in the web
// shell FILE (argv[3]) and waits until the open page shows it without anyone reloading it.
// Prints how long that took.
import fs from "node:fs";
import { launch } from "../e2e/browser.mjs";

const [base, file] = process.argv.slice(2);
const b = await launch();
try {
  const page = await b.context.newPage();
  await page.goto(base + "/");
  const started = Date.now();
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("<title>Cameras in stock", "<title>Hot cameras"));
  // A guard against hangs, not a measure of speed.
  await page.waitForFunction(() => document.title.startsWith("Hot cameras"), null, { timeout: 300000 });
  console.log(`reloaded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await b.close();
}
