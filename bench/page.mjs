// The page's figures for make bench: each file's bytes as nginx sends them (gzip and brotli);
// navigation to the first frame that shows the value (10 fresh loads, and 10 more with
// Chromium's CPU slowed 4x, a cheap tablet), with the app's own User Timing marks; frames and
// Chromium CPU while idle for 10 s. Prints one JSON line.
import fs from "node:fs";
import { execSync } from "node:child_process";
import { encodedSize, pageAssets } from "../tests/e2e/assets.mjs";
import { launch } from "../tests/e2e/browser.mjs";

const base = process.argv[2];
const names = await pageAssets(base);
let bytes = 0, brotli = 0;
const perFile = {};
for (const n of names) {
  const gz = await encodedSize(base + n, "gzip"), br = await encodedSize(base + n, "br");
  perFile[n.replace(/\.[0-9a-f]{10}\./, ".")] = { gzip: gz, brotli: br };
  bytes += gz;
  brotli += br;
}

const firstValue = [], throttled = [];
const markTimes = {};
for (let i = 0; i < 20; i++) {
  const slow = i >= 10; // the second ten with the CPU slowed 4x
  const b = await launch();
  const page = await b.context.newPage();
  if (slow) {
    const cdp = await b.context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  }
  await page.goto(base + "/");
  await page.waitForFunction(() => performance.getEntriesByName("first-value-drawn").length);
  const marks = await page.evaluate(() => {
    const times = {};
    for (const m of performance.getEntriesByType("mark")) times[m.name] = m.startTime;
    return times;
  });
  (slow ? throttled : firstValue).push(marks["first-value-drawn"]);
  if (!slow) for (const [name, t] of Object.entries(marks)) (markTimes[name] ??= []).push(t);
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
console.log(JSON.stringify({ bytes_gzip: bytes, bytes_brotli: brotli, per_file: perFile, files: names.length,
  first_value_ms: firstValue, first_value_throttled_ms: throttled, marks,
  idle_frames: idleFrames, idle_cpu_percent: cpu }));
