// The card as assistive technology meets it: every control found by its role and name alone
// (Playwright's role locators, which read Chromium's accessibility tree), used by the keyboard
// and by a screen reader's default action (a click on the element), with the tree's shape
// asserted in each state and axe-core finding no violation. Real headless Chromium, nginx with
// the repo's config and counterd (COUNTERD, DIST, ARTIFACTS).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";

import { launch, openPage, status, waitForIdle, waitForStatus } from "./browser.mjs";
import { managerCode } from "./stack.mjs";
import { browserSuite } from "./suite.mjs";

const suite = browserSuite({ bypassCSP: true }); // axe-core is injected into the page
const { stack, shot } = suite;
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const button = (page, name) => page.getByRole("button", { name, exact: true });
// What a screen reader's "activate" does: a click on the element itself, not on the canvas.
const activate = (locator) => locator.dispatchEvent("click");
const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.node ?? "");

// axe-core's findings on the whole page, as "rule: target" lines (none expected).
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined")))
    await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

async function snapshot(page, name) {
  await waitForIdle(page);
  const tree = await page.locator("main").ariaSnapshot();
  await shot(page, name);
  return tree;
}

describe("the card by role and name", () => {
  test("loaded: the tree names every control, and axe finds nothing", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "salesNote", "No sales yet today");
    const tree = await snapshot(page, "a11y-loaded");
    const expected = [
      "- main:",
      '  - heading "Camera Counter" [level=1]',
      "  - status: 1000 cameras in stock. 0 sold today.",
      '  - button "Settings"',
      '  - button "Sold one"',
      '  - button "Sales" [expanded]',
      '  - button "Last 24 hours" [pressed]',
      '  - button "Last 14 days"',
      '  - list "Sales per hour, last 24 hours":',
      "    - listitem: No sales yet today",
      '  - list "Recent":',
      "    - listitem: HH:MM restocked to 1000", // the suite's restock, at the local time
    ];
    assert.equal(tree.replace(/\b\d\d:\d\d\b/, "HH:MM"), expected.join("\n"));
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  test("sell, reset with the code, open the panel and switch its range: roles only", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    // Sell from the keyboard: the element takes the focus, Enter activates it.
    await button(page, "Sold one").press("Enter");
    await waitForStatus(page, "value", 999);
    assert.match(await page.getByRole("status").textContent(), /^999 cameras in stock\./);

    // Settings opens a menu that takes the focus; its item opens the dialog.
    const settings = button(page, "Settings");
    await activate(settings);
    await page.getByRole("button", { name: "Settings", expanded: true }).waitFor();
    assert.equal(await focused(page), "reset");
    await activate(page.getByRole("menuitem", { name: "Reset stock…" }));
    const dialog = page.getByRole("dialog", { name: "Reset the stock?" });
    await dialog.waitFor();
    assert.equal(await focused(page), "reset-input", "the focus moves into the dialog");
    const tree = await snapshot(page, "a11y-dialog");
    assert.match(tree, /dialog "Reset the stock\?":\n {4}- textbox "New stock": "1000"\n {4}- textbox "Manager's code"\n {4}- button "Cancel"\n {4}- button "Reset" \[disabled\]/);
    assert.deepEqual(await violations(page), []);

    // A wrong code is said in an alert; the stock stays.
    await dialog.getByRole("textbox", { name: "New stock" }).fill("250");
    await dialog.getByRole("textbox", { name: "Manager's code" }).fill("not-the-code");
    await activate(dialog.getByRole("button", { name: "Reset" }));
    await page.getByRole("alert").filter({ hasText: "Wrong code. Try again." }).waitFor();
    assert.equal(await dialog.getByRole("textbox", { name: "Manager's code" }).getAttribute("aria-invalid"), "true");
    assert.equal((await stack.api("GET", "/counter")).json.value, 999);

    // The right one, and Enter in the field: the reset is made, the dialog goes, the focus
    // returns to Settings.
    await dialog.getByRole("textbox", { name: "Manager's code" }).fill(managerCode);
    await dialog.getByRole("textbox", { name: "Manager's code" }).press("Enter");
    await waitForStatus(page, "value", 250);
    await dialog.waitFor({ state: "detached" });
    assert.equal(await focused(page), "settings");
    assert.equal((await stack.api("GET", "/counter")).json.value, 250);

    // The panel: its toggle says whether it is open; the range is a pressed button.
    const sales = button(page, "Sales");
    await sales.press("Enter");
    await page.getByRole("button", { name: "Sales", expanded: false }).waitFor();
    assert.equal(await page.getByRole("list").count(), 0);
    await activate(sales);
    await waitForStatus(page, "salesOpen", "true");
    await button(page, "Last 14 days").press("Space");
    await page.getByRole("button", { name: "Last 14 days", pressed: true }).waitFor();
    assert.equal((await status(page)).salesRange, "fortnight");
    const days = page.getByRole("list", { name: "Sales per day, last 14 days" }).getByRole("listitem");
    await days.nth(13).waitFor(); // the fortnight's answer may come a frame after the range
    assert.equal(await days.count(), 14);
    assert.match(await days.last().textContent(), /^Today: 1 sold, \d+ restocks?$/);
    const recent = page.getByRole("list", { name: "Recent" }).getByRole("listitem");
    assert.match(await recent.first().textContent(), /restocked to 250$/);
    assert.deepEqual(await violations(page), []);
    await shot(page, "a11y-panel-fortnight");
    assert.deepEqual(page.consoleErrors.filter((e) => !/status of 403/.test(e)), []);
    await page.close();
  });

  test("Tab goes through the controls in the order they are drawn; the dialog keeps the focus", async () => {
    const page = await openPage(suite.browser.context, stack.url("/"));
    const order = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused(page));
    }
    assert.deepEqual(order, ["settings", "sell", "sales-toggle", "sales-day", "sales-fortnight"]);
    await waitForIdle(page);
    await shot(page, "a11y-focus-ring"); // the canvas draws the ring around 14 D
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focused(page), "settings");
    await page.keyboard.press("Enter");
    const resetItem = page.getByRole("menuitem", { name: "Reset stock…" });
    await resetItem.waitFor();
    await page.keyboard.press("Escape"); // closes the menu, the focus back on Settings
    await resetItem.waitFor({ state: "detached" });
    assert.equal(await focused(page), "settings");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.dataset?.node === "reset");
    await page.keyboard.press("Enter"); // Reset stock…
    await page.getByRole("dialog").waitFor();
    // The code field is there unless this browser already knows the code (an earlier test).
    const fields = (await page.getByRole("textbox", { name: "Manager's code" }).count())
      ? ["reset-input", "reset-code"]
      : ["reset-input"];
    const cycle = [...fields, "reset-cancel", "reset-confirm"];
    const inside = [];
    for (let i = 0; i < cycle.length + 1; i++) {
      await page.keyboard.press("Tab");
      inside.push(await focused(page));
    }
    assert.deepEqual(inside, [...cycle.slice(1), cycle[0], cycle[1]]);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    assert.equal(await focused(page), "settings");
    assert.equal((await status(page)).value, "1000");
    await page.close();
  });

  test("sold out and offline: said in the status, the button dimmed, axe finds nothing", async () => {
    await stack.api("PUT", "/reset", { value: 0 });
    const page = await openPage(suite.browser.context, stack.url("/"));
    await waitForStatus(page, "phase", "sold-out");
    assert.equal(await button(page, "Sold out").getAttribute("aria-disabled"), "true");
    await activate(button(page, "Sold out")); // does nothing, as the greyed button does
    assert.equal((await stack.api("GET", "/counter")).json.value, 0);
    assert.match(await page.getByRole("status").textContent(), /^Sold out: 0 cameras in stock\./);
    assert.deepEqual(await violations(page), []);
    await stack.stopBackend();
    try {
      await waitForStatus(page, "phase", "offline");
      assert.match(await page.getByRole("status").textContent(), /the server can't be reached/);
      await snapshot(page, "a11y-offline");
      assert.deepEqual(await violations(page), []);
    } finally {
      await stack.startBackend();
    }
    await page.close();
  });
});

describe("the user's display settings", () => {
  test("200 % zoom and forced colours: the card fits and stays readable", async () => {
    for (const [name, options] of [
      ["a11y-zoom-200", { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 }],
      ["a11y-forced-colors", { forcedColors: "active" }],
    ]) {
      const b = await launch(options);
      try {
        const page = await openPage(b.context, stack.url("/"));
        await waitForStatus(page, "phase", "ready");
        await snapshot(page, name);
        const sell = await page.getByRole("button", { name: "Sold one" }).boundingBox();
        assert.ok(sell.width > 0 && sell.x >= 0 && sell.x + sell.width <= (options.viewport?.width ?? 1280));
      } finally {
        await b.close();
      }
    }
  });

  test("reduced motion: a reset waiting for the server shows a still spinner and draws nothing meanwhile", async () => {
    const b = await launch({ reducedMotion: "reduce" });
    const page = await openPage(b.context, stack.url("/"));
    await stack.stopBackend();
    try {
      await activate(button(page, "Settings"));
      await activate(page.getByRole("menuitem", { name: "Reset stock…" }));
      const dialog = page.getByRole("dialog", { name: "Reset the stock?" });
      await dialog.getByRole("textbox", { name: "New stock" }).fill("500");
      await dialog.getByRole("textbox", { name: "Manager's code" }).fill(managerCode);
      await activate(dialog.getByRole("button", { name: "Reset" }));
      await page.getByRole("button", { name: "Reset" }).and(page.locator("[aria-busy=true]")).waitFor();
      await waitForIdle(page); // a turning spinner would keep drawing
      await shot(page, "a11y-reduced-motion");
    } finally {
      await stack.startBackend();
    }
    await waitForStatus(page, "value", 500); // sent again under its key once the server is back
    await b.close();
  });
});
