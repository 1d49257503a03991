// The card as a new shop owner meets it: restocks with the mouse and the keyboard, taps on a
// touch screen, the chart's tooltip and the dialog, small and sideways screens, the server gone.
// Real headless Chromium, nginx with the repo's config and counterd (COUNTERD, DIST, ARTIFACTS).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { clickRect, launch, openPage, status, waitForIdle, waitForStatus } from "./browser.mjs";
import { managerCode } from "./stack.mjs";
import { browserSuite } from "./suite.mjs";

const suite = browserSuite();
const { stack, shot } = suite;
const stock = async () => (await stack.api("GET", "/counter")).json.value;
const rect = (page, name) => page.evaluate((n) => window.cameraCounter.rects[n], name);
const dialogOpen = (page) => page.waitForFunction(() => window.cameraCounter.rects["reset-confirm"]);
const dialogClosed = (page) => page.waitForFunction(() => !window.cameraCounter.rects["reset-confirm"]);

async function openResetDialog(page) {
  await clickRect(page, "settings");
  await clickRect(page, "reset");
  await dialogOpen(page);
}

// Selects what a field holds and types over it, as a person does.
async function typeInto(page, name, text) {
  await clickRect(page, name);
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
}

describe("a restock sends the number the field shows", () => {
  test("typed, then the code field clicked and the code typed: RESET restocks to it", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await openResetDialog(page);
    await typeInto(page, "reset-input", "42");
    await typeInto(page, "reset-code", managerCode);
    await clickRect(page, "reset-confirm");
    await waitForStatus(page, "value", 42);
    assert.equal(await stock(), 42);
    await page.close();
  });

  test("in a tab that knows the code: typed, then RESET clicked", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await openResetDialog(page);
    await typeInto(page, "reset-code", managerCode);
    await clickRect(page, "reset-confirm");
    await waitForStatus(page, "value", 1000);
    await dialogClosed(page);
    await openResetDialog(page);
    assert.equal(await rect(page, "reset-code"), undefined, "the tab remembers the code");
    await typeInto(page, "reset-input", "37");
    await clickRect(page, "reset-confirm");
    await waitForStatus(page, "value", 37);
    assert.equal(await stock(), 37);
    await page.close();
  });

  test("a field that holds no stock sends nothing and says what it needs", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await openResetDialog(page);
    await typeInto(page, "reset-input", "");
    await page.keyboard.press("Backspace");
    await typeInto(page, "reset-code", managerCode);
    await clickRect(page, "reset-confirm");
    await waitForStatus(page, "resetError", "Enter a stock from 0 to 1000000000.");
    assert.equal(await stock(), 1000);
    await page.close();
  });
});

describe("the keyboard reaches every control of a reset", () => {
  test("Tab to Settings, Enter opens the menu, Enter picks Reset stock, Tab goes through the dialog in order", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await page.keyboard.press("Tab"); // Settings
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => window.cameraCounter.rects.reset);
    await page.keyboard.press("Enter");
    await dialogOpen(page);
    await page.keyboard.type("55"); // the stock field has the focus, its number selected
    await page.keyboard.press("Tab"); // the code
    await page.keyboard.type(managerCode);
    await waitForIdle(page);
    await shot(page, "reset-dialog-keyboard");
    await page.keyboard.press("Tab"); // CANCEL
    await page.keyboard.press("Tab"); // RESET
    await page.keyboard.press("Enter");
    await waitForStatus(page, "value", 55);
    assert.equal(await stock(), 55, "the code went to the code field, the number to the stock");
    assert.equal((await status(page)).resetError, "");
    await page.close();
  });

  test("Space picks the menu item too; Shift+Tab goes back; Enter on CANCEL cancels", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => window.cameraCounter.rects.reset);
    await page.keyboard.press("Space");
    await dialogOpen(page);
    await page.keyboard.press("Shift+Tab"); // RESET
    await page.keyboard.press("Shift+Tab"); // CANCEL
    await page.keyboard.press("Enter");
    await dialogClosed(page);
    assert.equal(await stock(), 1000);
    assert.equal((await status(page)).value, "1000", "Enter in the dialog sold nothing");
    await page.close();
  });

  test("a held Tab moves once per press the browser sends, however slow the frames", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    // The browser's own repeat of a held key is a press: Settings, then Sold one.
    await page.keyboard.down("Tab");
    await page.keyboard.down("Tab");
    await page.keyboard.up("Tab");
    await page.keyboard.press("Enter");
    await waitForStatus(page, "value", 999);
    // Held for most of a second while frames are drawn (the pointer moves): one press, one
    // move of the focus, to the panel's toggle (when ImGui read the keys, its own key repeat
    // made a slow frame several presses).
    await page.keyboard.down("Tab");
    for (let i = 0; i < 30; i++) {
      await page.mouse.move(5 + (i % 2), 5);
      await page.waitForTimeout(25);
    }
    await page.keyboard.up("Tab");
    await page.keyboard.press("Enter");
    await waitForStatus(page, "salesOpen", "false");
    assert.equal(await stock(), 999);
    await page.close();
  });
});

describe("touch screens", () => {
  test("every tap on Sold one counts, on a 360x640 touch screen", async () => {
    const b = await launch({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
    try {
      const page = await openPage(b.context, stack.url("/"));
      const sell = await rect(page, "sell");
      for (let i = 0; i < 6; i++) {
        await page.touchscreen.tap(sell.x + sell.width / 2, sell.y + sell.height / 2);
        await waitForStatus(page, "value", 999 - i);
        await waitForStatus(page, "waiting", 0); // online, one sale at a time (no double submit)
      }
      assert.equal(await stock(), 994);
    } finally {
      await b.close();
    }
  });

  test("a press and its release inside one frame are still one click", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    const sell = await rect(page, "sell");
    for (let i = 1; i <= 3; i++) {
      // Both events in one task: no frame can run between them.
      await page.evaluate((r) => {
        const canvas = document.getElementById("canvas");
        const at = { clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, bubbles: true, button: 0 };
        canvas.dispatchEvent(new MouseEvent("mousedown", at));
        canvas.dispatchEvent(new MouseEvent("mouseup", at));
      }, sell);
      await waitForStatus(page, "value", 1000 - i);
      await waitForStatus(page, "waiting", 0); // online, one sale at a time (no double submit)
    }
    assert.equal(await stock(), 997);
    await page.close();
  });
});

describe("a pointer as quick as the frames", () => {
  // Clicks `first`, then `next` the moment the page names it: that press reaches the app in the
  // frame right after the one that first published `next` (no round trip to the test between).
  const clickThenAtOnce = (page, first, next) =>
    page.evaluate(([a, b]) => new Promise((resolve) => {
      const canvas = document.getElementById("canvas");
      const click = (r) => {
        const at = { clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, bubbles: true, button: 0 };
        for (const type of ["mousemove", "mousedown", "mouseup"]) canvas.dispatchEvent(new MouseEvent(type, at));
      };
      click(window.cameraCounter.rects[a]);
      const poll = () => {
        const r = window.cameraCounter.rects[b];
        if (!r) return requestAnimationFrame(poll);
        click(r);
        resolve();
      };
      requestAnimationFrame(poll);
    }), [first, next]);

  // ImGui measures a menu or dialog in the frame it appears without drawing it, and its items
  // cannot be hovered then: a control named in that frame was pressed where nothing was yet
  // (the menu closed as if clicked outside; seen in CI as a lost "Reset stock").
  test("Reset stock and Customer return, clicked as soon as the menu names them, open their dialogs", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForIdle(page);
    await clickThenAtOnce(page, "settings", "reset");
    await dialogOpen(page);
    await waitForIdle(page);
    await clickRect(page, "reset-cancel");
    await dialogClosed(page);
    await clickThenAtOnce(page, "settings", "return");
    await page.waitForFunction(() => window.cameraCounter.rects["return-confirm"]);
    assert.equal(await stock(), 1000);
    assert.deepEqual(page.consoleErrors, []);
    await page.close();
  });
});

describe("nothing of the card draws over the dialog", () => {
  test("a bar's tooltip shows on hover, and never while the dialog is open", async () => {
    assert.equal((await stack.api("POST", "/decrement")).status, 200); // this hour has a bar
    const page = await openPage(suite.browser.context, stack.url("/"));
    await page.waitForFunction(() => document.getElementById("status").dataset.soldToday > 0);
    const chart = await rect(page, "sales-chart");
    const lastBar = { x: chart.x + chart.width - 3, y: chart.y + chart.height - 2 };
    await page.mouse.move(lastBar.x, lastBar.y);
    await page.waitForFunction(() => window.cameraCounter.rects["sales-tooltip"]);
    await openResetDialog(page);
    for (let x = chart.x + 2; x < chart.x + chart.width; x += 6) {
      await page.mouse.move(x, chart.y + chart.height - 2);
      await waitForIdle(page);
      assert.equal(await rect(page, "sales-tooltip"), undefined, `no tooltip at x=${x}`);
    }
    await page.mouse.move(lastBar.x, lastBar.y);
    await clickRect(page, "reset-confirm"); // no code: refused, the dialog stays
    await waitForIdle(page);
    assert.equal(await rect(page, "sales-tooltip"), undefined);
    await shot(page, "reset-dialog-over-chart");
    await page.close();
  });
});

describe("any screen from 320x320 up", () => {
  for (const [width, height] of [[640, 360], [320, 320], [360, 640]]) {
    test(`${width}x${height}: the whole card can be reached (it fits or the page scrolls), and it sells`, async () => {
      const b = await launch({ viewport: { width, height }, deviceScaleFactor: 2 });
      try {
        const page = await openPage(b.context, stack.url("/"));
        await waitForIdle(page);
        await shot(page, `fit-${width}x${height}-top`);
        // Each control, and the card's bottom edge, scrolled into view (as a finger would) is
        // wholly on screen (the card as a whole: its bottom, since it may be taller than the screen).
        for (const name of ["settings", "sell", "sales-toggle", "card"]) {
          const r = await rect(page, name);
          const scrolled = await page.evaluate(([top, bottom]) => {
            const before = { y: scrollY, frames: cameraCounter.frames };
            if (bottom > innerHeight) window.scrollBy(0, bottom - innerHeight + 8);
            else if (top < 0) window.scrollBy(0, top - 8);
            return scrollY !== before.y ? before.frames : null;
          }, [r.y, r.y + r.height]);
          // A scroll draws a frame, which publishes where everything now is.
          if (scrolled !== null) await page.waitForFunction((n) => cameraCounter.frames > n, scrolled);
          await waitForIdle(page);
          const seen = await rect(page, name);
          const top = name === "card" ? seen.y + seen.height - 1 : seen.y; // the card: its bottom
          assert.ok(top >= 0 && seen.y + seen.height <= height, `${name} reachable: ${JSON.stringify(seen)}`);
        }
        await shot(page, `fit-${width}x${height}-scrolled`);
        await clickRect(page, "sell");
        await waitForStatus(page, "value", 999);
        assert.deepEqual(page.consoleErrors, []);
      } finally {
        await b.close();
      }
    });
  }

  test("320x320: the mouse wheel over the card scrolls the page", async () => {
    const b = await launch({ viewport: { width: 320, height: 320 } });
    try {
      const page = await openPage(b.context, stack.url("/"));
      await waitForIdle(page);
      const card = await rect(page, "card");
      assert.ok(card.y + card.height > 320, "the card is taller than the screen");
      await page.mouse.move(card.x + card.width / 2, 200);
      await page.mouse.wheel(0, 120);
      await page.waitForFunction(() => scrollY > 0);
    } finally {
      await b.close();
    }
  });

  test("opening and closing the sales panel leaves the card where it is", async () => {
    const b = await launch({ viewport: { width: 360, height: 640 } });
    try {
      const page = await openPage(b.context, stack.url("/"));
      await waitForIdle(page);
      const closed = await rect(page, "settings");
      assert.equal((await status(page)).salesOpen, "false");
      await clickRect(page, "sales-toggle");
      await waitForStatus(page, "salesOpen", "true");
      await waitForIdle(page);
      assert.deepEqual(await rect(page, "settings"), closed);
      await clickRect(page, "sales-toggle");
      await waitForStatus(page, "salesOpen", "false");
      await waitForIdle(page);
      assert.deepEqual(await rect(page, "settings"), closed);
    } finally {
      await b.close();
    }
  });
});

describe("the server gone", () => {
  test("a page already open says offline by itself when counterd stops (nginx keeps the stream open)", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "stream", "live");
    const stopped = Date.now();
    await stack.stopBackend();
    try {
      await waitForStatus(page, "phase", "offline");
      console.log(`offline shown ${Date.now() - stopped} ms after counterd stopped`);
    } finally {
      await stack.startBackend();
    }
    await waitForStatus(page, "phase", "ready");
    await page.close();
  });

  test("reloaded while the server is down, the sales panel says the history is unavailable, and fills in when it is back", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await stack.stopBackend();
    try {
      await page.reload();
      await waitForStatus(page, "phase", "offline");
      await waitForStatus(page, "salesNote", "Sales history unavailable offline");
      await waitForIdle(page);
      await shot(page, "sales-offline");
    } finally {
      await stack.startBackend();
    }
    await page.waitForFunction(() => document.getElementById("status").dataset.soldToday !== "");
    assert.notEqual((await status(page)).salesNote, "Sales history unavailable offline");
    await page.close();
  });
});
