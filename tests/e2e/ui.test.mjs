// The browser UI end to end: real headless Chromium, real nginx with the repo's config, real
// counterd. Run by CTest with COUNTERD (binary), DIST (the UI bundle) and ARTIFACTS (where the
// screenshots go) in the environment.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { gzipSize, pageAssets } from "./assets.mjs";
import { clickRect, frames, launch, openPage, status, waitForIdle, waitForStatus } from "./browser.mjs";
import { managerCode, Stack } from "./stack.mjs";
import { browserSuite } from "./suite.mjs";

const suite = browserSuite();
const { stack, shot } = suite;

// Counts the page's GET /api/counter requests from now on.
function countCounterRequests(page) {
  const polls = { count: 0 };
  page.on("request", (r) => r.url().endsWith("/api/counter") && r.method() === "GET" && polls.count++);
  return polls;
}

// Waits until the page's stream has delivered `n` more events; returns how many came.
async function heartbeatsSeen(page, n) {
  await page.evaluate((wanted) => new Promise((resolve) => {
    let seen = 0;
    const source = new EventSource("/api/events");
    source.onmessage = () => {
      if (++seen > wanted) { source.close(); resolve(); } // the first is the state on connect
    };
  }), n);
  return n;
}

describe("the card", () => {
  test("loads and shows 1000 in the DOM mirror, without console errors", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    console.log(`time from navigation to the first value: ${page.firstValueMs} ms`);
    const s = await status(page);
    assert.equal(s.value, "1000");
    assert.equal(s.phase, "ready");
    assert.match(s.text, /^1000 cameras in stock\.( \d+ sold today\.)?$/);
    assert.equal(await page.title(), "Cameras in stock · Camera Counter");
    assert.equal(await page.isHidden("#loader"), true);
    await shot(page, "ready-dpr1-1280x720");
    assert.deepEqual(page.consoleErrors, []);
    await page.close();
  });

  // The target: 150 KB (1000 bytes each) for one load (docs/ui.md says where they go).
  test("everything the page loads fits in 150 KB of gzip", async () => {
    // The files the page names, plus its favicon, as nginx sends them to a gzip client.
    const names = await pageAssets(stack.url(""));
    let total = 0;
    const rows = [];
    for (const name of names) {
      const bytes = await gzipSize(stack.url(name));
      rows.push(`${name} ${bytes}`);
      total += bytes;
    }
    console.log(`page transfer (gzip): ${total} bytes in ${names.length} files: ${rows.join(", ")}`);
    assert.equal(names.length, 8);
    assert.ok(total <= 150 * 1000, `${total} bytes`);
  });

  test("Sold one sells a camera: 999 on the API and on the page", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await clickRect(page, "sell");
    await waitForStatus(page, "value", 999);
    await waitForStatus(page, "waiting", 0); // the page counts the sale before its answer
    const api = await stack.api("GET", "/counter");
    assert.equal(api.json.value, 999);
    assert.deepEqual(page.consoleErrors, []);
    await page.close();
  });

  test("the keyboard sells too: Tab to the button, Enter", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await waitForStatus(page, "value", 999);
    await page.close();
  });

  test("Reset from the Settings menu asks first, then restocks", async () => {
    await stack.api("POST", "/decrement");
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "value", 999);
    await clickRect(page, "settings");
    await clickRect(page, "reset");
    await page.waitForFunction(() => window.cameraCounter.rects["reset-confirm"]);
    await shot(page, "reset-dialog");
    assert.equal((await stack.api("GET", "/counter")).json.value, 999, "nothing before confirming");

    // Cancel leaves the stock alone.
    await clickRect(page, "reset-cancel");
    await page.waitForFunction(() => !window.cameraCounter.rects["reset-confirm"]);
    assert.equal((await stack.api("GET", "/counter")).json.value, 999);

    // A wrong manager's code is refused, and the stock stays.
    await clickRect(page, "settings");
    await clickRect(page, "reset");
    await clickRect(page, "reset-code");
    await page.keyboard.type("not-the-code");
    await clickRect(page, "reset-confirm");
    await waitForStatus(page, "resetError", "Wrong code. Try again.");
    await shot(page, "reset-wrong-code");
    assert.equal((await stack.api("GET", "/counter")).json.value, 999);

    // The right one restocks to the default (the initial stock).
    await clickRect(page, "reset-code");
    await page.keyboard.press("Control+A");
    await page.keyboard.type(managerCode);
    await clickRect(page, "reset-confirm");
    await waitForStatus(page, "value", 1000);
    assert.equal((await stack.api("GET", "/counter")).json.value, 1000);
    await page.waitForFunction(() => !window.cameraCounter.rects["reset-confirm"]); // as a person sees it close

    // The tab remembers the code: a chosen number, without asking again.
    await clickRect(page, "settings");
    await clickRect(page, "reset");
    await page.waitForFunction(() => window.cameraCounter.rects["reset-confirm"]);
    assert.equal(await page.evaluate(() => "reset-code" in window.cameraCounter.rects), false);
    await clickRect(page, "reset-input");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("250");
    await page.keyboard.press("Enter");
    await waitForStatus(page, "value", 250);
    assert.equal((await stack.api("GET", "/counter")).json.value, 250);
    assert.deepEqual(page.consoleErrors.filter((e) => !/status of 403/.test(e)), []);
    await page.close();
  });

  test("sold out at 0: the button is disabled and says so", async () => {
    await stack.api("PUT", "/reset", { value: 1 });
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "value", 1);
    await clickRect(page, "sell");
    await waitForStatus(page, "phase", "sold-out");
    const before = (await stack.api("GET", "/counter")).json;
    assert.equal(before.value, 0);
    const sales = [];
    page.on("request", (r) => r.method() === "POST" && sales.push(r.url()));
    await clickRect(page, "sell"); // disabled: sends nothing
    await waitForIdle(page); // the click has been handled
    assert.deepEqual(sales, []);
    assert.deepEqual((await stack.api("GET", "/counter")).json, before);
    assert.match((await status(page)).text, /^Sold out: 0 cameras in stock\.( \d+ sold today\.)?$/);
    await shot(page, "sold-out");
    assert.deepEqual(page.consoleErrors, []);
    await page.close();
  });

  test("a sale on one page appears on another over the live stream, not by polling", async () => {
    const a = await openPage(suite.browser.context, stack.url("/"));
    const b = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(b, "stream", "live");
    const polls = countCounterRequests(b);
    await clickRect(a, "sell");
    await waitForStatus(a, "value", 999);
    await waitForStatus(b, "value", 999);
    assert.equal(polls.count, 0, "page b asked GET /api/counter while its stream was up");
    // A sale from a REST client reaches both pages the same way.
    assert.equal((await stack.api("POST", "/decrement")).status, 200);
    await waitForStatus(a, "value", 998);
    await waitForStatus(b, "value", 998);
    assert.equal(polls.count, 0);
    assert.deepEqual([...a.consoleErrors, ...b.consoleErrors], []);
    await a.close();
    await b.close();
  });

  test("counterd restarted and nginx reloaded: pages get their stream back by themselves", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "stream", "live");
    await stack.stopBackend();
    await stack.startBackend();
    stack.reloadNginx(); // ends every stream and empties the channel
    await waitForStatus(page, "stream", "polling");
    await waitForStatus(page, "stream", "live");
    const polls = countCounterRequests(page);
    assert.equal((await stack.api("POST", "/decrement")).status, 200);
    await waitForStatus(page, "value", 999);
    assert.equal(polls.count, 0);
    await page.close();
  });

  test("backend stopped: error banner and stale value; backend back: recovers", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await stack.stopBackend();
    await waitForStatus(page, "phase", "offline");
    const s = await status(page);
    assert.equal(s.stale, "true");
    assert.equal(s.value, "1000");
    assert.match(s.banner, /Can't reach the server/);
    await shot(page, "offline");
    await stack.startBackend();
    await waitForStatus(page, "phase", "ready");
    assert.equal((await status(page)).banner, "");
    // Only the failed requests during the outage may have been logged.
    assert.deepEqual(page.consoleErrors.filter((e) => !/status of 50[234]/.test(e)), []);
    await page.close();
  });

  test("a sale whose answer is lost is sent again with its key and counted once", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    const keys = [];
    // The first sale reaches counterd, which records it; its answer never reaches the page.
    await page.route("**/api/decrement", async (route) => {
      keys.push(route.request().headers()["idempotency-key"]);
      if (keys.length === 1) {
        await route.fetch();
        await route.abort("connectionreset");
      } else {
        await route.continue();
      }
    });
    await clickRect(page, "sell");
    await waitForStatus(page, "waiting", 1);
    await waitForStatus(page, "waiting", 0);
    await waitForStatus(page, "value", 999);
    assert.equal((await stack.api("GET", "/counter")).json.value, 999, "one sale, not two");
    assert.ok(keys.length >= 2, `sent ${keys.length} times`);
    assert.equal(new Set(keys).size, 1, "every attempt carries the same Idempotency-Key");
    assert.match(keys[0], /^[0-9a-f]{32}$/);
    await page.close();
  });

  test("sales made while the server is down survive a reload and are recorded once each", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await stack.stopBackend();
    await waitForStatus(page, "phase", "offline");
    for (let i = 0; i < 3; i++) await clickRect(page, "sell");
    await waitForStatus(page, "waiting", 3);
    assert.equal((await status(page)).value, "997", "the screen counts its waiting sales");
    await shot(page, "offline-waiting");
    await page.reload();
    await waitForStatus(page, "waiting", 3);
    await stack.startBackend();
    await waitForStatus(page, "waiting", 0);
    await waitForStatus(page, "phase", "ready");
    assert.equal((await stack.api("GET", "/counter")).json.value, 997);
    await page.close();
  });

  test("a waiting sale the server refuses (sold out meanwhile) is shown until dismissed", async () => {
    await stack.api("PUT", "/reset", { value: 2 });
    // Without the live stream: a stream opened before the network is cut would go on, and
    // this test is about what the page does while every request fails.
    const noStream = (route) => route.abort();
    await suite.browser.context.route("**/api/events", noStream);
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "value", 2);
    await page.route("**/api/**", (route) => route.abort("connectionrefused"));
    await waitForStatus(page, "phase", "offline");
    await clickRect(page, "sell");
    await clickRect(page, "sell");
    await waitForStatus(page, "waiting", 2);
    await stack.api("POST", "/decrement"); // another till sells one meanwhile
    await page.unroute("**/api/**");
    await waitForStatus(page, "waiting", 0);
    await page.waitForFunction(() => /1 sale could not be recorded: sold out/.test(
      document.getElementById("status").textContent));
    assert.equal((await stack.api("GET", "/counter")).json.value, 0);
    await waitForStatus(page, "value", 0);
    await shot(page, "sale-refused");
    await clickRect(page, "dismiss");
    await page.waitForFunction(() => !/could not be recorded/.test(
      document.getElementById("status").textContent));
    await page.close();
    await suite.browser.context.unroute("**/api/events", noStream);
  });

  test("once the loaded page is idle, nothing from the start-up draws again", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    // Loaded: the value, the stream and the history are in (on a busy machine the page can be
    // idle between those answers, and each draws what it brought: 2 frames seen here).
    await waitForStatus(page, "stream", "live");
    await page.waitForFunction(() => document.getElementById("status").dataset.soldToday);
    await waitForIdle(page);
    const start = await frames(page);
    await page.waitForTimeout(1000); // longer than any start-up timer
    assert.equal((await frames(page)) - start, 0);
    await page.close();
  });

  test("idle with the stream open, the page draws no frames and sends no request", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "stream", "live");
    await heartbeatsSeen(page, 1); // settled: the load's last frames are drawn
    await waitForIdle(page);
    const start = await frames(page);
    const polls = countCounterRequests(page);
    const beats = await heartbeatsSeen(page, 2); // the stream repeats the state: none draws
    await waitForIdle(page);
    const idle = (await frames(page)) - start;
    console.log(`frames drawn across ${beats} heartbeats of the stream while idle: ${idle}`);
    assert.equal(idle, 0);
    assert.equal(polls.count, 0);
    await page.close();
  });

  test("idle without the stream (it failed), the polls draw no frames either", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await page.route("**/api/events", (route) => route.abort());
    await page.reload();
    await page.waitForFunction(() => document.getElementById("status").dataset.value);
    await waitForStatus(page, "stream", "polling");
    await page.waitForResponse((r) => r.url().endsWith("/api/counter") && r.status() === 304);
    await waitForIdle(page);
    const start = await frames(page);
    for (let i = 0; i < 2; i++) {
      await page.waitForResponse((r) => r.url().endsWith("/api/counter") && r.status() === 304);
    }
    await waitForIdle(page);
    assert.equal((await frames(page)) - start, 0);
    await page.close();
  });
});

describe("undo and returns", () => {
  const newest = async () => (await stack.api("GET", "/changes?order=newest&limit=1")).json.changes[0];

  test("after a sale, Sold one · Undo; Undo takes that sale back once, recorded as an undo", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await clickRect(page, "sell");
    await waitForStatus(page, "value", 999);
    await clickRect(page, "sell");
    await waitForStatus(page, "value", 998);
    // One per sale, the newest on top; each a button a keyboard and a screen reader reach.
    // (Waited for: once, under load, one was counted while the page showed 998; not yet
    // explained. The test still fails if the second never comes.)
    await page.getByRole("button", { name: "Undo the sale" }).nth(1).waitFor();
    assert.equal(await page.getByRole("button", { name: "Undo the sale" }).count(), 2);
    await waitForIdle(page);
    await shot(page, "undo-snackbar");
    await clickRect(page, "undo-0"); // the newest sale's
    await waitForStatus(page, "value", 999);
    await waitForStatus(page, "waiting", 0); // the page counts the undo before its answer
    const undo = await newest();
    assert.equal(undo.kind, "return");
    assert.equal(undo.undoes, undo.version - 1); // the second sale
    assert.equal(await page.getByRole("button", { name: "Undo the sale" }).count(), 1);
    await page.getByRole("listitem").filter({ hasText: "undid a sale" }).first().waitFor();
    // The other by keyboard: the element takes the focus, Enter presses it.
    await page.getByRole("button", { name: "Undo the sale" }).press("Enter");
    await waitForStatus(page, "value", 1000);
    await waitForStatus(page, "waiting", 0);
    assert.equal((await newest()).undoes, undo.version - 2);
    assert.equal(await page.getByRole("button", { name: "Undo the sale" }).count(), 0);
    assert.deepEqual(page.consoleErrors, []);
    await page.close();
  });

  test("offline, Undo waits behind its sale; both go out once the server is back", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await stack.stopBackend();
    await waitForStatus(page, "phase", "offline");
    await clickRect(page, "sell");
    await waitForStatus(page, "value", 999);
    await clickRect(page, "undo-0");
    await waitForStatus(page, "waiting", 2);
    assert.equal((await status(page)).value, "1000", "the screen counts the undo at once");
    await waitForIdle(page);
    await shot(page, "undo-offline");
    await stack.startBackend();
    await waitForStatus(page, "waiting", 0);
    const [undo, sale] = (await stack.api("GET", "/changes?order=newest&limit=2")).json.changes;
    assert.equal(sale.kind, "decrement");
    assert.equal(undo.kind, "return");
    assert.equal(undo.undoes, sale.version);
    assert.equal((await stack.api("GET", "/counter")).json.value, 1000);
    await page.close();
  });

  test("Customer return from Settings asks first, then puts one back", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await clickRect(page, "settings");
    await page.getByRole("menuitem", { name: "Customer return…" }).waitFor();
    await waitForIdle(page);
    await shot(page, "settings-menu");
    await clickRect(page, "return");
    const dialog = page.getByRole("dialog", { name: "Customer return?" });
    await dialog.waitFor();
    await waitForIdle(page);
    await shot(page, "return-dialog");
    await clickRect(page, "return-cancel");
    await dialog.waitFor({ state: "detached" });
    assert.equal((await status(page)).value, "1000");
    await clickRect(page, "settings");
    await clickRect(page, "return");
    await dialog.waitFor();
    await clickRect(page, "return-confirm");
    await waitForStatus(page, "value", 1001);
    await waitForStatus(page, "waiting", 0);
    const back = await newest();
    assert.equal(back.kind, "return");
    assert.equal(back.undoes, undefined);
    await page.getByRole("listitem").filter({ hasText: "returned one" }).first().waitFor();
    await waitForIdle(page);
    await shot(page, "recent-with-return");
    assert.deepEqual(page.consoleErrors, []);
    await page.close();
  });
});

describe("the till's name", () => {
  test("asked once on a new screen, sent with its sales, shown in Recent, changed in Settings", async () => {
    const b = await launch({ askTill: true });
    try {
      const page = await openPage(b.context, stack.url("/"));
      const dialog = page.getByRole("dialog", { name: "Name this till" });
      await dialog.waitFor();
      await page.getByRole("textbox", { name: "Till name" }).fill("Front desk");
      await waitForIdle(page);
      await shot(page, "till-name");
      await page.getByRole("button", { name: "Save" }).press("Enter");
      await dialog.waitFor({ state: "detached" });
      await clickRect(page, "sell");
      await waitForStatus(page, "value", 999);
      await waitForStatus(page, "waiting", 0);
      const sale = (await stack.api("GET", "/changes?order=newest&limit=1")).json.changes[0];
      assert.equal(sale.till, "Front desk");
      await page.getByRole("listitem").filter({ hasText: "· Front desk · sold one" }).first().waitFor();
      await waitForIdle(page);
      await shot(page, "recent-with-tills");
      // Not asked again on the next load; changed from Settings.
      await page.reload();
      await page.waitForFunction(() => document.getElementById("status").dataset.value);
      await waitForIdle(page);
      assert.equal(await dialog.count(), 0);
      await clickRect(page, "settings");
      await clickRect(page, "till");
      await dialog.waitFor();
      await page.getByRole("textbox", { name: "Till name" }).fill("Back office");
      await page.getByRole("button", { name: "Save" }).press("Enter");
      await dialog.waitFor({ state: "detached" });
      await clickRect(page, "sell");
      await waitForStatus(page, "value", 998);
      await waitForStatus(page, "waiting", 0);
      const back = await stack.api("GET", "/changes?order=newest&till=Back%20office");
      assert.equal(back.json.changes.length, 1);
      assert.deepEqual(page.consoleErrors, []);
    } finally {
      await b.close();
    }
  });
});

describe("screenshots", () => {
  for (const { name, options } of [
    { name: "dpr2-1280x720", options: { deviceScaleFactor: 2 } },
    { name: "phone-360x640-dpr3", options: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 3 } },
    { name: "dark-dpr1", options: { colorScheme: "dark" } },
  ]) {
    test(`renders ${name}`, async () => {
      const b = await launch(options);
      try {
        const page = await openPage(b.context, stack.url("/"));
        await waitForIdle(page);
        await shot(page, name);
        const r = await page.evaluate(() => window.cameraCounter.rects.sell);
        const vw = page.viewportSize().width;
        assert.ok(r.x >= 0 && r.x + r.width <= vw, "the button fits the screen");
        assert.deepEqual(page.consoleErrors, []);
      } finally {
        await b.close();
      }
    });
  }
});

describe("the sales panel", () => {
  const soldToday = async (page) => {
    await page.waitForFunction(() => document.getElementById("status").dataset.soldToday);
    return Number((await status(page)).soldToday);
  };

  test("shows what sold today and follows a sale made elsewhere, in the live region too", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    assert.equal((await status(page)).salesOpen, "true"); // a wide window: open
    const before = await soldToday(page);
    assert.equal((await stack.api("POST", "/decrement")).status, 200);
    await waitForStatus(page, "soldToday", before + 1);
    await page.waitForFunction((n) => document.getElementById("status").textContent
      .endsWith(` ${n} sold today.`), before + 1);
    await waitForIdle(page);
    await page.mouse.move(0, 0);
    const chart = await page.evaluate(() => window.cameraCounter.rects["sales-chart"]);
    await page.mouse.move(chart.x + chart.width - 3, chart.y + chart.height - 2); // this hour's bar
    await waitForIdle(page);
    await shot(page, "sales-tooltip");
    assert.deepEqual(page.consoleErrors, []);
    await page.close();
  });

  test("switches to days and back", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    const today = await soldToday(page);
    await clickRect(page, "sales-fortnight");
    await waitForStatus(page, "salesRange", "fortnight");
    assert.equal(await soldToday(page), today);
    await clickRect(page, "sales-day");
    await waitForStatus(page, "salesRange", "day");
    await page.close();
  });

  test("the keyboard reaches the panel: Tab to its toggle and its range, Enter or Space", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await soldToday(page);
    for (const key of ["Tab", "Tab", "Tab"]) await page.keyboard.press(key); // Settings, Sold one, Sales
    await page.keyboard.press("Enter");
    await waitForStatus(page, "salesOpen", "false");
    await page.keyboard.press("Enter");
    await waitForStatus(page, "salesOpen", "true");
    for (const key of ["Tab", "Tab"]) await page.keyboard.press(key); // 24 H, 14 D
    await page.keyboard.press("Enter");
    await waitForStatus(page, "salesRange", "fortnight");
    await waitForIdle(page);
    await shot(page, "sales-keyboard-focus");
    await page.keyboard.press("Shift+Tab"); // back to 24 H
    await page.keyboard.press("Space");
    await waitForStatus(page, "salesRange", "day");
    assert.equal((await status(page)).value, "1000", "nothing was sold on the way");
    await page.close();
  });

  test("starts closed on a phone and opens with its toggle", async () => {
    const b = await launch({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 3 });
    try {
      const page = await openPage(b.context, stack.url("/"));
      await soldToday(page);
      assert.equal((await status(page)).salesOpen, "false");
      await clickRect(page, "sales-toggle");
      await waitForStatus(page, "salesOpen", "true");
      await page.mouse.move(0, 0); // off the chart: no tooltip in the picture
      await waitForIdle(page);
      await shot(page, "sales-phone-360x640-open");
      const sell = await page.evaluate(() => window.cameraCounter.rects.sell);
      assert.ok(sell.y >= 0, "the card still fits: Sold one is on screen");
      assert.deepEqual(page.consoleErrors, []);
    } finally {
      await b.close();
    }
  });

  test("an empty history reads No sales yet today", async () => {
    const fresh = await new Stack({ counterd: process.env.COUNTERD, dist: process.env.DIST }).start();
    const b = await launch({ colorScheme: "dark" });
    try {
      const page = await openPage(b.context, fresh.url("/"));
      assert.equal(await soldToday(page), 0);
      assert.match((await status(page)).text, / 0 sold today\.$/);
      await waitForIdle(page);
      await shot(page, "sales-empty-dark");
    } finally {
      await b.close();
      await fresh.stop();
    }
  });
});
