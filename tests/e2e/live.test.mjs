// Live updates through the real nginx (nchan) and the real counterd: a subscriber of
// GET /api/events gets the current state at once and every change after it, in order; the
// publisher side cannot be reached from the public one; a reload of nginx is survived.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { assertProblem } from "./catalogue.mjs";
import { Stack, stateOf, subscribe as subscribeTo, waitFor } from "./stack.mjs";

const stack = new Stack({ counterd: process.env.COUNTERD, dist: process.env.DIST });
before(() => stack.start());
after(() => stack.stop());
const subscribe = () => subscribeTo(stack.url("/api/events"));

describe("live updates at GET /api/events", () => {
  test("a subscriber gets the current state at once, then every change in order", async () => {
    const now = (await stack.api("GET", "/counter")).json;
    const states = subscribe();
    try {
      await waitFor(() => states.length >= 1, "the current state");
      assert.equal(states.status, 200);
      assert.match(states.type, /^text\/event-stream/);
      assert.deepEqual(states[0], now);
      // Five tills sell at once. The publisher sends the newest state it has: states it had no
      // time for are skipped (seen here under load), never the changes that led to them.
      const sold = (await Promise.all(Array.from({ length: 5 }, () => stack.api("POST", "/decrement"))))
        .map((r) => r.json).sort((a, b) => a.version - b.version);
      await waitFor(() => states.at(-1).version === sold.at(-1).version, "the last sale");
      // Heartbeats repeat the newest state while nothing changes: each state once, in order.
      const distinct = states.filter((s, i) => i === 0 || s.version !== states[i - 1].version);
      for (let i = 1; i < distinct.length; i++) assert.ok(distinct[i].version > distinct[i - 1].version);
      assert.deepEqual(stateOf(distinct.at(-1)), sold.at(-1));
      // Each event carries the changes since the one before it: together, every sale once.
      const pushed = distinct.slice(1).flatMap((s) => s.changes ?? []);
      assert.deepEqual(pushed.map((c) => [c.kind, c.version, c.value]),
        sold.map((s) => ["decrement", s.version, s.value]));
      assert.equal(states[0].changes, undefined); // a subscriber's first: the state alone
    } finally {
      states.close();
    }
  });

  test("two subscribers see the same changes", async () => {
    const [a, b] = [subscribe(), subscribe()];
    try {
      await waitFor(() => a.length >= 1 && b.length >= 1, "both connected");
      const sold = (await stack.api("POST", "/decrement")).json;
      await waitFor(() => a.at(-1)?.version === sold.version && b.at(-1)?.version === sold.version, "the sale on both");
    } finally {
      a.close();
      b.close();
    }
  });

  test("nginx reloaded: the stream ends, and a new subscriber gets the current state at once", async () => {
    const states = subscribe();
    await waitFor(() => states.length >= 1, "connected");
    stack.reloadNginx();
    await waitFor(() => states.ended, "the old stream to end");
    // The reload emptied the channel; counterd notices its closed connection and publishes again.
    const now = (await stack.api("GET", "/counter")).json;
    await waitFor(async () => {
      const fresh = subscribe();
      try {
        await waitFor(() => fresh.length >= 1, "a state", 1500);
        return fresh[0].version === now.version;
      } finally {
        fresh.close();
      }
    }, "the current state on a new stream");
  });

  test("while nothing changes, the newest state comes again every few seconds", async () => {
    const states = subscribe();
    try {
      await waitFor(() => states.length >= 2, "a heartbeat", 15000);
      assert.deepEqual(states[1], states[0]);
    } finally {
      states.close();
    }
  });

  test("the publisher side cannot be reached from the public server", async () => {
    for (const [method, p, status] of [["POST", "/counter", 404], ["GET", "/events", 404], ["POST", "/api/events", 405]]) {
      const res = await fetch(stack.url(p), { method, body: method === "POST" ? "{}" : undefined });
      assert.equal(res.status, status, `${method} ${p}`);
      assertProblem(assert, status, res.headers.get("content-type"), await res.text());
    }
    const before = (await stack.api("GET", "/counter")).json;
    assert.deepEqual((await stack.api("GET", "/counter")).json, before);  // nothing was published
  });

  test("500 subscribers at once all get the current state, and nginx stays up", async () => {
    const now = (await stack.api("GET", "/counter")).json;
    const many = Array.from({ length: 500 }, () => subscribe());
    try {
      await waitFor(() => many.every((s) => s.length >= 1), "every subscriber's first state");
      for (const states of many) assert.deepEqual(states[0], now);
      assert.ok(many.every((s) => !s.ended), "a stream was cut");
      const log = fs.readFileSync(path.join(stack.dir, "nginx", "error.log"), "utf8");
      assert.doesNotMatch(log, /exited on signal/);
    } finally {
      for (const states of many) states.close();
    }
  });
});
