// The page's figures for make bench: gzip bytes; navigation to the first frame that shows the
// value (5 fresh loads), with the app's own User Timing marks; frames and Chromium CPU while
// idle for 10 s. Prints one JSON line.
import fs from "node:fs";
import { execSync } from "node:child_process";
import { gzipSize, pageAssets } from "../tests/e2e/assets.mjs";
import { launch } from "../tests/e2e/browser.mjs";

const base = process.argv[2];
const names = await pageAssets(base);
let bytes = 0;
for (const n of names) bytes += await gzipSize(base + n);

const firstValue = [];
const markTimes = {};
for (let i = 0; i < 5; i++) {
  const b = await launch();
  const page = await b.context.newPage();
  await page.goto(base + "/");
  await page.waitForFunction(() => performance.getEntriesByName("first-value-drawn").length);
  const marks = await page.evaluate(() => {
    const times = {};
    for (const m of performance.getEntriesByType("mark")) times[m.name] = m.startTime;
    return times;
  });
  firstValue.push(marks["first-value-drawn"]);
  for (const [name, t] of Object.entries(marks)) (markTimes[name] ??= []).push(t);
  await b.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const marks = Object.fromEntries(Object.entries(markTimes).map(([k, v]) => [k, median(v)]).sort((a, b) => a[1] - b[1]));

// CPU ticks of every process of this Chromium (its profile folder is in their command lines).
const ticks = (marker) => execSync("pgrep -f " + marker).toString().trim().split("\n").reduce((sum, pid) => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return sum + Number(f[11]) + Number(f[12]);
  } catch { return sum; }
}, 0);
const b = await launch();
const page = await b.context.newPage();
await page.goto(base + "/");
await page.waitForFunction(() => document.getElementById("status").dataset.value);
await page.waitForFunction(() => window.cameraCounter?.idle === true);
const marker = process.env.XDG_CONFIG_HOME;
const f0 = await page.evaluate(() => window.cameraCounter.frames);
const t0 = ticks(marker);
await page.waitForTimeout(10000);
const idleFrames = (await page.evaluate(() => window.cameraCounter.frames)) - f0;
const cpu = ((ticks(marker) - t0) / 100 / 10) * 100;
await b.close();
console.log(JSON.stringify({ bytes_gzip: bytes, files: names.length, first_value_ms: firstValue, marks,
  idle_frames: idleFrames, idle_cpu_percent: cpu }));
