// Replicas behind nginx: counterd x2 on one real PostgreSQL, plus a "replica" that accepts and
// hangs up without answering (a process dying mid-request). nginx spreads requests, moves
// reads and keyed writes on to a working replica, and never sends a write without a key twice.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { Stack, exited, freePort, managerCode, repo, stateOf, subscribe, waitFor } from "./stack.mjs";

class ReplicaStack extends Stack {
  async start() {
    const pgDir = path.join(this.dir, "pg");
    const postgres = path.join(repo, "scripts/postgres.sh");
    const conninfo = execFileSync(postgres, ["start", pgDir]).toString().trim();
    this.stopPostgres = () => execFileSync(postgres, ["remove", pgDir]);
    execFileSync("psql", [`${conninfo} dbname=postgres`, "-qc", "CREATE DATABASE counter"]);
    this.databaseUrl = `${conninfo} dbname=counter`;
    this.replicaPorts = [await freePort(), await freePort()];
    this.publishPort = await freePort();
    this.replicas = [];
    for (let i = 0; i < this.replicaPorts.length; i++) await this.startReplica(i);
    this.hangups = 0;
    this.brokenReplica = net.createServer((socket) => socket.once("data", () => {
      this.hangups++;
      socket.destroy();
    }));
    await new Promise((resolve) => this.brokenReplica.listen(0, "127.0.0.1", resolve));
    await this.startNginx([...this.replicaPorts.map((p) => `127.0.0.1:${p}`),
      `127.0.0.1:${this.brokenReplica.address().port}`]);
    return this;
  }

  // Starts replica i (again) on its port.
  async startReplica(i) {
    const port = this.replicaPorts[i];
    this.replicas[i] = spawn(this.counterdBin, [
      "--host", "127.0.0.1", "--port", String(port), "--store", "postgres",
      "--database-url", this.databaseUrl, "--publish-url", this.publishUrl()],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, COUNTERD_ADMIN_TOKEN: managerCode } });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, "a replica");
  }

  async metric(port, name) {
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return Number(metrics.match(new RegExp(`^${name} (\\d+)$`, "m"))[1]);
  }

  requestsServed(port) {
    return this.metric(port, "counterd_http_requests_total");
  }

  // Which replicas publish the live updates now: [1, 0] when the first one does.
  publishing() {
    return Promise.all(this.replicaPorts.map((p) => this.metric(p, "counterd_live_publishing")));
  }

  // nginx leaves a failed server out for 5 s; a reload starts afresh with every server in.
  async reloadNginx() {
    super.reloadNginx();
    await new Promise((r) => setTimeout(r, 300));
  }

  async stop() {
    for (const child of this.replicas ?? []) {
      child.kill("SIGTERM");
      await exited(child);
    }
    this.brokenReplica?.close();
    this.stopPostgres?.(); // before the folder it lives in is removed
    await super.stop();
  }
}

const stack = new ReplicaStack({ counterd: process.env.COUNTERD, dist: process.env.DIST });
before(() => stack.start());
after(() => stack.stop());

async function stock() {
  return (await stack.api("GET", "/counter")).json.value;
}

describe("replicas behind nginx", () => {
  test("reads are spread over the replicas, and one that hangs up is skipped", async () => {
    const before = await Promise.all(stack.replicaPorts.map((p) => stack.requestsServed(p)));
    for (let i = 0; i < 30; i++) assert.equal((await stack.api("GET", "/counter")).status, 200);
    const after_ = await Promise.all(stack.replicaPorts.map((p) => stack.requestsServed(p)));
    // /metrics itself counts once per replica per look.
    assert.ok(after_[0] - before[0] > 1 && after_[1] - before[1] > 1, `${before} -> ${after_}`);
  });

  test("sales with a key go on to a working replica, each counted once", async () => {
    await stack.reloadNginx();
    const start = await stock();
    const hangupsBefore = stack.hangups;
    for (let i = 0; i < 12; i++) {
      const sale = await stack.api("POST", "/decrement", undefined, { "Idempotency-Key": `e2e-${Date.now()}-${i}` });
      assert.equal(sale.status, 200);
    }
    assert.ok(stack.hangups > hangupsBefore, "no sale met the broken replica");
    assert.equal(await stock(), start - 12);
  });

  test("a sale without a key is never sent to a second replica", async () => {
    await stack.reloadNginx();
    const start = await stock();
    const hangupsBefore = stack.hangups;
    let sold = 0, lost = 0;
    while (stack.hangups === hangupsBefore && sold < 50) {
      const sale = await stack.api("POST", "/decrement");
      if (sale.status === 200) sold++;
      else {
        assert.equal(sale.status, 502);
        assert.equal(sale.json.type, "urn:camera-counter:problem:bad-gateway");
        lost++;
      }
    }
    assert.equal(lost, 1, "the sale that met the broken replica is answered 502, not resent");
    assert.equal(await stock(), start - sold);
  });

  test("live updates come from one replica: every state in commit order, whoever sold", async () => {
    assert.deepEqual((await stack.publishing()).sort(), [0, 1]);
    const states = subscribe(stack.url("/api/events"));
    try {
      await waitFor(() => states.length >= 1, "the current state");
      // 48 sales straight to the replicas, 8 at a time, half to each: their commits interleave.
      for (let round = 0; round < 6; round++)
        await Promise.all(Array.from({ length: 8 }, (_, i) =>
          fetch(`http://127.0.0.1:${stack.replicaPorts[i % 2]}/decrement`, { method: "POST" })));
      const last = (await stack.api("GET", "/counter")).json;
      await waitFor(() => states.at(-1).version === last.version, "the last state");
      for (let i = 1; i < states.length; i++)
        assert.ok(states[i].version >= states[i - 1].version,
          `version ${states[i].version} came after ${states[i - 1].version}`);
      assert.deepEqual(stateOf(states.at(-1)), last);
      // The relay passes on the commits' changes, whichever replica made them: a message that
      // carries changes carries exactly those since the message before it.
      const distinct = states.filter((s, i) => i === 0 || s.version !== states[i - 1].version);
      let carried = 0;
      for (let i = 1; i < distinct.length; i++) {
        if (!distinct[i].changes) continue;
        carried++;
        const from = distinct[i - 1].version;
        assert.deepEqual(distinct[i].changes.map((c) => c.version),
          Array.from({ length: distinct[i].version - from }, (_, k) => from + 1 + k));
      }
      assert.ok(carried > 0, "no message carried its changes");
    } finally {
      states.close();
    }
  });

  test("the replica that publishes killed: another one takes over the live updates", async () => {
    const gone = (await stack.publishing()).indexOf(1);
    const other = 1 - gone;
    stack.replicas[gone].kill("SIGKILL");
    await exited(stack.replicas[gone]);
    await waitFor(async () => (await stack.metric(stack.replicaPorts[other], "counterd_live_publishing")) === 1,
      "the other replica to publish");
    const states = subscribe(stack.url("/api/events"));
    try {
      await waitFor(() => states.length >= 1, "the current state");
      const sale = await (await fetch(`http://127.0.0.1:${stack.replicaPorts[other]}/decrement`,
        { method: "POST" })).json();
      await waitFor(() => states.at(-1).version === sale.version, "the sale on the stream");
    } finally {
      states.close();
    }
    await stack.startReplica(gone); // back for the tests that follow
  });

  test("a replica killed: reads and keyed sales through nginx still succeed", async () => {
    stack.replicas[1].kill("SIGKILL");
    await exited(stack.replicas[1]);
    const start = await stock();
    for (let i = 0; i < 10; i++) {
      assert.equal((await stack.api("GET", "/counter")).status, 200);
      const sale = await stack.api("POST", "/decrement", undefined, { "Idempotency-Key": `after-kill-${i}` });
      assert.equal(sale.status, 200);
    }
    assert.equal(await stock(), start - 10);
  });
});
