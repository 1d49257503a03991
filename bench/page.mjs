// The page's figures for make bench: gzip bytes, navigation-to-first-value (5 fresh loads),
// frames and Chromium CPU while idle for 10 s. Prints one JSON line.
import fs from "node:fs";
import { execSync } from "node:child_process";
import { gzipSize, pageAssets } from "../tests/e2e/assets.mjs";
import { launch } from "../tests/e2e/browser.mjs";

const base = process.argv[2];
const names = await pageAssets(base);
let bytes = 0;
for (const n of names) bytes += await gzipSize(base + n);

const firstValue = [];
for (let i = 0; i < 5; i++) {
  const b = await launch();
  const page = await b.context.newPage();
  await page.goto(base + "/");
  await page.waitForFunction(() => document.getElementById("status").dataset.value);
  // Navigation start to now, measured by the page's own clock.
  firstValue.push(await page.evaluate(() => performance.now()));
  await b.close();
}

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
await page.waitForTimeout(1000);
const marker = process.env.XDG_CONFIG_HOME;
const f0 = await page.evaluate(() => window.cameraCounter.frames);
const t0 = ticks(marker);
await page.waitForTimeout(10000);
const idleFrames = (await page.evaluate(() => window.cameraCounter.frames)) - f0;
const cpu = ((ticks(marker) - t0) / 100 / 10) * 100;
await b.close();
console.log(JSON.stringify({ bytes_gzip: bytes, first_value_ms: firstValue, idle_frames: idleFrames, idle_cpu_percent: cpu }));
