// Headless Chromium from Debian, driven by playwright-core; a fresh profile per launch.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// `dir`: a folder to keep the profile in across launches (a browser restarted); by default a
// fresh one, removed on close.
// The page asks a new browser once for its till's name; these browsers were asked already
// (no name given) unless `askTill` is set.
export async function launch({ askTill = false, ...options } = {}, dir = undefined) {
  const kept = dir !== undefined;
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "counter-chromium-"));
  process.env.XDG_CONFIG_HOME = dir; // crash reports and caches stay in the temp folder
  process.env.XDG_CACHE_HOME = dir;
  const context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 720 },
    // The page's service worker (a till's offline start) would keep requests from the tests'
    // routes; offline.test.mjs allows it.
    serviceWorkers: "block",
    ...options,
  });
  if (!askTill)
    await context.addInitScript(() => {
      if (localStorage.getItem("camera-counter/till") === null) localStorage.setItem("camera-counter/till", "");
    });
  const close = async () => {
    await context.close();
    if (!kept) fs.rmSync(dir, { recursive: true, force: true });
  };
  return { context, close };
}

// A page with its console errors collected, so that tests can assert there were none.
export async function openPage(context, url) {
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && page.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => page.consoleErrors.push(String(e)));
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status").dataset.value);
  page.firstValueMs = Date.now() - started;
  return page;
}

export const status = (page) =>
  page.evaluate(() => {
    const el = document.getElementById("status");
    return { text: el.textContent, ...el.dataset };
  });

// Waits until the DOM mirror shows `field` (value, phase, stale, banner) equal to `expected`.
export async function waitForStatus(page, field, expected) {
  await page.waitForFunction(
    ([f, e]) => document.getElementById("status").dataset[f] === e,
    [field, String(expected)],
  );
}

// Clicks the centre of a rectangle the app published (window.cameraCounter.rects[name]).
export async function clickRect(page, name) {
  await page.waitForFunction((n) => window.cameraCounter?.rects?.[n], name);
  const r = await page.evaluate((n) => window.cameraCounter.rects[n], name);
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
}

export const frames = (page) => page.evaluate(() => window.cameraCounter.frames);

// Waits until the app has no frame scheduled: what it shows is settled.
export async function waitForIdle(page) {
  await page.waitForFunction(() => window.cameraCounter?.idle === true);
}
