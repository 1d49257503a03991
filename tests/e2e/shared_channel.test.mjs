// The cloud's topology on one machine: two web nginx sharing the live channel through one Redis
// (Debian's redis-server, nchan's nchan_redis_pass), in front of two counterd replicas on one
// PostgreSQL. A sale made through either nginx reaches the subscribers of both; a web server
// stopped sends its screens to the other with the current state; a Redis restarted leaves no
// screen on an old value.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { exited, freePort, managerCode, repo, servableDist, stateOf, subscribe, waitFor } from "./stack.mjs";

const dir = fs.mkdtempSync("/tmp/counter-shared-channel-");
fs.chmodSync(dir, 0o755);
const dist = servableDist(process.env.DIST, dir);
const children = [];
let redis, redisPort, databaseUrl;
const replicaPorts = [];
const webs = []; // { port, publishPort, prefix, conf, child }

function startRedis() {
  redis = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "",
    "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  return waitFor(() => {
    try {
      return execFileSync("redis-cli", ["-p", String(redisPort), "ping"]).toString().trim() === "PONG";
    } catch {
      return false;
    }
  }, "redis");
}

async function startWeb(i) {
  const web = webs[i];
  execFileSync(path.join(repo, "scripts/render-nginx.sh"), [web.conf, `127.0.0.1:${web.port}`,
    dist, replicaPorts.map((p) => `127.0.0.1:${p}`).join(","), web.prefix], {
    env: { ...process.env, PUBLISH_LISTEN: `127.0.0.1:${web.publishPort}`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}` },
  });
  web.child = spawn("nginx", ["-p", web.prefix, "-c", web.conf, "-e", path.join(web.prefix, "error.log")],
    { stdio: ["ignore", "inherit", "inherit"] });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${web.port}/api/counter`)).ok, "nginx");
}

async function stopWeb(i) {
  webs[i].child.kill("SIGTERM");
  await exited(webs[i].child);
}

const events = (i) => `http://127.0.0.1:${webs[i].port}/api/events`;

// A screen following web server i as a browser's EventSource does: it connects again shortly
// after its stream ends. `states` holds everything it was sent.
function screen(i) {
  const states = [];
  let current, closed = false;
  const connect = () => {
    if (closed) return;
    current = subscribe(events(i));
    const poll = setInterval(() => {
      while (current.length) states.push(current.shift());
      if (current.ended) {
        clearInterval(poll);
        setTimeout(connect, 300);
      }
    }, 50);
    states.close = () => {
      closed = true;
      clearInterval(poll);
      current.close();
    };
  };
  connect();
  return states;
}
const sell = (i) => fetch(`http://127.0.0.1:${webs[i].port}/api/decrement`, { method: "POST" })
  .then((r) => r.json());
const counter = () => fetch(`http://127.0.0.1:${webs[0].port}/api/counter`).then((r) => r.json());

before(async () => {
  const pgDir = path.join(dir, "pg");
  const postgres = path.join(repo, "scripts/postgres.sh");
  const conninfo = execFileSync(postgres, ["start", pgDir]).toString().trim();
  execFileSync("psql", [`${conninfo} dbname=postgres`, "-qc", "CREATE DATABASE counter"]);
  databaseUrl = `${conninfo} dbname=counter`;
  redisPort = await freePort();
  await startRedis();
  for (let i = 0; i < 2; i++) {
    replicaPorts.push(await freePort());
    webs.push({ port: await freePort(), publishPort: await freePort(), prefix: path.join(dir, `web${i}`),
      conf: path.join(dir, `web${i}.conf`) });
  }
  // Both replicas publish to the first web server's publisher; Redis takes the state to both.
  for (const port of replicaPorts) {
    const child = spawn(process.env.COUNTERD, ["--host", "127.0.0.1", "--port", String(port),
      "--store", "postgres", "--database-url", databaseUrl,
      "--publish-url", `http://127.0.0.1:${webs[0].publishPort}/counter`],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, COUNTERD_ADMIN_TOKEN: managerCode } });
    children.push(child);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, "a replica");
  }
  for (let i = 0; i < 2; i++) await startWeb(i);
});

after(async () => {
  for (const child of [...webs.map((w) => w.child), ...children, redis]) {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited(child);
    }
  }
  execFileSync(path.join(repo, "scripts/postgres.sh"), ["remove", path.join(dir, "pg")]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("two web servers, one live channel through Redis", () => {
  test("a sale through either web server reaches the subscribers of both", async () => {
    const streams = [subscribe(events(0)), subscribe(events(1))];
    try {
      await waitFor(() => streams.every((s) => s.length >= 1), "the current state on both");
      for (const via of [0, 1]) {
        const sold = await sell(via);
        for (const s of streams)
          await waitFor(() => s.some((state) => state.version === sold.version), `version ${sold.version}`);
      }
    } finally {
      streams.forEach((s) => s.close());
    }
  });

  test("a web server stopped: its screens reconnect to the other and get the current state", async () => {
    const stream = subscribe(events(1));
    await waitFor(() => stream.length >= 1, "the current state");
    await stopWeb(1);
    await waitFor(() => stream.ended, "the stream cut");
    const sold = await sell(0);
    const again = subscribe(events(0)); // what a browser does next: reconnect, here to the other
    try {
      await waitFor(() => again.some((s) => s.version >= sold.version), "the current state after the move");
      assert.deepEqual(stateOf(again.at(-1)), await counter());
    } finally {
      again.close();
      await startWeb(1);
    }
  });

  test("Redis restarted: the streams recover and no screen is left on an old value", async () => {
    const screens = [screen(0), screen(1)];
    try {
      await waitFor(() => screens.every((s) => s.length >= 1), "the current state on both");
      redis.kill("SIGKILL");
      await exited(redis);
      await startRedis(); // empty: the channel's stored state is gone
      const sold = await sell(0);
      // counterd repeats the newest state every couple of seconds, nginx reconnects to Redis
      // within a second or two, and screens reconnect: every screen ends on the current state.
      for (const s of screens)
        await waitFor(() => s.length && s.at(-1).version >= sold.version, "the newest state", 15000);
      const now = await counter();
      for (const s of screens) assert.deepEqual(stateOf(s.at(-1)), now);
    } finally {
      screens.forEach((s) => s.close());
    }
  });
});
