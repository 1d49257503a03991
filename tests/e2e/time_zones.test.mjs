// The sales panel in a shop whose clocks change: Chromium in Europe/Berlin, its clock on
// 27 October 2026, two days after the clocks went back. The store holds sales around that night
// (written into counterd's SQLite file while it is stopped: counterd records only at its now),
// and the 14-day chart must count them by Berlin's real rules, as the server cuts them.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { clickRect, openPage, waitForIdle, waitForStatus } from "./browser.mjs";
import { waitFor } from "./stack.mjs";
import { browserSuite } from "./suite.mjs";

const suite = browserSuite({ timezoneId: "Europe/Berlin" });
const { stack, shot } = suite;

// Appends sales at `times` (Unix ms) to the stopped counterd's history, as it records them.
function recordSales(times) {
  const script = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
version, value = db.execute("SELECT version, value FROM changes ORDER BY version DESC LIMIT 1").fetchone()
for at in json.loads(sys.argv[2]):
    version, value = version + 1, value - 1
    db.execute("INSERT INTO changes (version, at_ms, kind, delta, value) VALUES (?, ?, 'decrement', -1, ?)",
               (version, at, value))
db.commit()
`;
  const db = path.join(stack.dir, "data", "counter.db");
  const run = spawnSync("python3", ["-c", script, db, JSON.stringify(times)], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
}

test("the week the clocks went back: each sale on its Berlin day, 25 October 25 hours long", async () => {
  const utc = (s) => Date.parse(s + "Z");
  await stack.stopBackend();
  recordSales([
    utc("2026-10-24T22:30:00"), // 00:30 on the 25th (CEST); at a fixed +01:00, 23:30 on the 24th
    utc("2026-10-25T00:30:00"), // 02:30 CEST
    utc("2026-10-25T01:30:00"), // 02:30 again, CET
    utc("2026-10-25T22:30:00"), // 23:30 on the 25th (CET)
    utc("2026-10-25T23:30:00"), // 00:30 on the 26th
  ]);
  await stack.startBackend();

  const context = suite.browser.context;
  await context.clock.install({ time: new Date("2026-10-27T12:00:00+01:00") });
  const asked = [];
  context.on("request", (r) => r.url().includes("/api/sales?") && asked.push(r.url()));
  const page = await openPage(context, stack.url("/"));
  await clickRect(page, "sales-fortnight");
  await waitForStatus(page, "salesRange", "fortnight");
  const days = page.getByRole("list", { name: "Sales per day, last 14 days" }).getByRole("listitem");
  await waitFor(async () => (await days.count()) === 14, "14 days of bars");
  const texts = await days.allTextContents();
  assert.equal(texts.length, 14);
  assert.deepEqual(texts.slice(-4), ["Sat 24 Oct: 0 sold", "Sun 25 Oct: 4 sold", "Mon 26 Oct: 1 sold",
    "Today: 0 sold"]);
  assert.ok(asked.some((u) => u.includes("bucket=day") && u.includes("&tz=Europe/Berlin")), asked.join("\n"));

  // The 25th's bar, hovered, in the picture.
  const bar = await page.evaluate(() => window.cameraCounter.rects["sales-chart"]);
  await page.mouse.move(bar.x + bar.width * (11.5 / 14), bar.y + bar.height - 2);
  await waitForIdle(page);
  await shot(page, "sales-dst-week");
  assert.deepEqual(page.consoleErrors, []);
  await page.close();
});
