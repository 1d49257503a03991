// A till that starts without a network: the page is an installable web app whose service worker
// keeps this build's files, and the app keeps the last known count and the sales made offline.
// Opened cold (the browser restarted) with the network cut, it shows the count, sells into the
// queue, and the sale reaches the server exactly once when the network is back. Real headless
// Chromium, nginx with the repo's config and counterd (COUNTERD, DIST, ARTIFACTS).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import { launch, openPage, status, waitForStatus } from "./browser.mjs";
import { browserSuite } from "./suite.mjs";

const suite = browserSuite();
const { stack, shot } = suite;
const stock = async () => (await stack.api("GET", "/counter")).json.value;

describe("a till that starts offline", () => {
  test("cold start with no network: the last count, a sale queued, sent once when the network is back", async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "counter-till-"));
    const allow = { serviceWorkers: "allow" };
    let b;
    try {
      // The first visit, online: the worker keeps the bundle, the app the count.
      b = await launch(allow, profile);
      let page = await openPage(b.context, stack.url("/"));
      await waitForStatus(page, "value", 1000);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      assert.equal(await page.evaluate(async () => (await caches.keys()).length), 1);
      await stack.api("PUT", "/reset", { value: 900 }); // seen by the open page before it closes
      await waitForStatus(page, "value", 900);
      await b.close();

      // The browser restarted with the shop's network down: the server refuses every request
      // (and Chromium is told it is offline, which it does not apply to every request of a
      // page its worker served, so the refusal is what the test relies on).
      await stack.stopNginx();
      b = await launch(allow, profile);
      await b.context.setOffline(true);
      page = await openPage(b.context, stack.url("/"));
      await waitForStatus(page, "phase", "offline");
      assert.equal((await status(page)).value, "900");
      assert.equal((await status(page)).stale, "true");
      await page.getByRole("button", { name: "Sold one" }).press("Enter");
      await waitForStatus(page, "waiting", "1");
      assert.equal((await status(page)).value, "899");
      await shot(page, "offline-cold-start");

      // The network back: the sale goes, once.
      await stack.startNginx([`127.0.0.1:${stack.apiPort}`]);
      assert.equal(await stock(), 900, "nothing reached the server while it was away");
      await b.context.setOffline(false);
      await waitForStatus(page, "waiting", "0");
      await waitForStatus(page, "phase", "ready");
      assert.equal(await stock(), 899);
      assert.equal((await status(page)).value, "899");
      const recent = await stack.api("GET", "/changes?order=newest&limit=3");
      assert.equal(recent.json.changes.filter((c) => c.kind === "decrement").length, 1);
    } finally {
      await b?.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });

  test("the page names its manifest and the worker lists exactly this build's files", async () => {
    const html = await (await fetch(stack.url("/"))).text();
    assert.match(html, /<link rel="manifest" href="manifest.json">/);
    const manifest = await (await fetch(stack.url("/manifest.json"))).json();
    assert.equal(manifest.display, "standalone");
    const worker = await fetch(stack.url("/sw.js"));
    assert.equal(worker.headers.get("cache-control"), "no-cache");
    // The worker is minified: its list is the one array of paths in it, starting with the page.
    const files = JSON.parse((await worker.text()).match(/\["\/",[^\]]*\]/)[0]);
    const named = [...html.matchAll(/(?:src|href)="([^"/][^"]*)"/g)].map((m) => "/" + m[1]);
    for (const name of named) assert.ok(files.includes(name), name);
    for (const name of files) assert.equal((await fetch(stack.url(name))).status, 200, name);
  });
});
