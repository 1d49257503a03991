// Smoke test of a running deployment (Compose, or `make run`) at BASE_URL: the API through
// nginx, and the page in headless Chromium.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { clickRect, launch, openPage, status, waitForStatus } from "../e2e/browser.mjs";

// BASE_URL: the deployment; MANAGER_CODE: its manager's code (for PUT /reset).
const base = process.env.BASE_URL;
// Writes carry an Idempotency-Key, as the UI's do: with a replica down, nginx may then send them
// on to another one (it never resends a write without a key).
const api = async (method, path, body) => {
  const init = { method, headers: { Authorization: `Bearer ${process.env.MANAGER_CODE}` } };
  if (method !== "GET") init.headers["Idempotency-Key"] = crypto.randomUUID();
  if (body) init.headers["Content-Type"] = "application/json";
  if (body) init.body = JSON.stringify(body);
  const res = await fetch(base + "/api" + path, init);
  return { status: res.status, json: await res.json() };
};
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

test("the API answers through nginx", async () => {
  assert.equal((await api("PUT", "/reset", { value: 1000 })).status, 200);
  assert.deepEqual((await api("POST", "/decrement")).json.value, 999);
  assert.equal((await api("GET", "/counter")).json.value, 999);
  const bad = await api("PUT", "/reset", { value: -1 });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.type, "urn:camera-counter:problem:out-of-range");
});

test("the page shows the stock and sells", async () => {
  await api("PUT", "/reset", { value: 1000 });
  const page = await openPage(browser.context, base + "/");
  assert.equal((await status(page)).value, "1000");
  await clickRect(page, "sell");
  await waitForStatus(page, "value", 999);
  // The page counts the sale at once; it is on the server when no sale waits for its answer
  // (a stopped replica delays that answer while nginx tries it and moves on).
  await waitForStatus(page, "waiting", 0);
  assert.equal((await api("GET", "/counter")).json.value, 999);
  assert.deepEqual(page.consoleErrors, []);
});
