// Starts the real stack for browser tests: counterd on a free port with its own data, and nginx
// with the repo's config rendered for this run, serving the built UI. Everything lives in one
// temp folder and is stopped and removed by stop().
import { spawn, spawnSync, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Polls `check` until it holds; the guard only catches a hang, never measures speed.
export async function waitFor(check, what, guardMs = 20000) {
  const until = Date.now() + guardMs; // a guard against hangs, not a measure of speed
  for (;;) {
    try {
      if (await check()) return;
    } catch {}
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A plain client of a live stream at `url` (no Accept header, as `curl -N` sends): the states it
// has received so far; close() ends it.
export function subscribe(url) {
  const states = [];
  let buffer = "";
  const req = http.get(url, (res) => {
    states.status = res.statusCode;
    states.type = res.headers["content-type"];
    res.setEncoding("utf8");
    res.on("data", (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split("\n").find((l) => l.startsWith("data: "));
        if (data) states.push(JSON.parse(data.slice(6)));
      }
    });
    res.on("close", () => (states.ended = true)); // ended, or cut by nginx
  });
  req.on("error", () => (states.ended = true));
  states.close = () => req.destroy();
  return states;
}

export function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

// The manager's code the test stack's counterd has (PUT /reset needs it).
export const managerCode = "e2e-manager-code";

// The bundle as nginx's workers can read it: `dist` itself, or a copy in `dir` when root starts
// nginx (its workers run as nobody) from a checkout in a private folder (root's home is 0700).
export function servableDist(dist, dir) {
  if (process.getuid() !== 0) return dist;
  const readable = spawnSync("runuser", ["-u", "nobody", "--", "test", "-r", path.join(dist, "index.html")]);
  if (readable.status === 0) return dist;
  const copy = path.join(dir, "www");
  fs.cpSync(dist, copy, { recursive: true });
  return copy;
}

// A live event's state, without the changes it may carry (what GET /counter answers).
export const stateOf = ({ value, version, initial }) => ({ value, version, initial });

export class Stack {
  constructor({ counterd, dist }) {
    this.counterdBin = counterd;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "counter-e2e-"));
    fs.chmodSync(this.dir, 0o755);
    this.dist = servableDist(dist, this.dir);
  }

  async start() {
    this.apiPort = await freePort();
    this.publishPort = await freePort();
    await this.startBackend();
    await this.startNginx([`127.0.0.1:${this.apiPort}`]);
    return this;
  }

  // Where counterd publishes live updates: nginx's publisher listener.
  publishUrl() {
    return `http://127.0.0.1:${this.publishPort}/counter`;
  }

  // nginx in front of `backends` ("host:port" each: one counterd, or replicas); `env` sets
  // render-nginx.sh's options (WRITE_RATE, WRITE_BURST).
  // Started again after stopNginx(), it listens on the same port (the same origin for the page).
  async startNginx(backends, env = {}) {
    this.webPort ??= await freePort();
    const conf = path.join(this.dir, "nginx.conf");
    execFileSync(path.join(repo, "scripts/render-nginx.sh"), [
      conf, `127.0.0.1:${this.webPort}`, this.dist, backends.join(","),
      path.join(this.dir, "nginx"),
    ], { env: { ...process.env, PUBLISH_LISTEN: `127.0.0.1:${this.publishPort}`, ...env } });
    this.nginx = spawn("nginx", ["-p", path.join(this.dir, "nginx"), "-c", conf, "-e",
      path.join(this.dir, "nginx", "error.log")], { stdio: ["ignore", "inherit", "inherit"] });
    await waitFor(async () => (await fetch(this.url("/"))).ok, "nginx");
  }

  async startBackend() {
    this.backend = spawn(this.counterdBin, ["--host", "127.0.0.1", "--port", String(this.apiPort),
      "--data-dir", path.join(this.dir, "data"), "--publish-url", this.publishUrl()],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, COUNTERD_ADMIN_TOKEN: managerCode } });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${this.apiPort}/healthz`)).ok, "counterd");
  }

  async stopBackend() {
    this.backend.kill("SIGTERM");
    await exited(this.backend);
  }

  // The web server gone (the shop's server unreachable): every request to it is refused.
  async stopNginx() {
    this.nginx.kill("SIGTERM");
    await exited(this.nginx);
  }

  // A reload ends every stream and empties nginx's live channel.
  reloadNginx() {
    execFileSync("nginx", ["-p", path.join(this.dir, "nginx"), "-c", path.join(this.dir, "nginx.conf"),
      "-s", "reload"]);
  }

  url(p) {
    return `http://127.0.0.1:${this.webPort}${p}`;
  }

  // A request through nginx, with the manager's code (only PUT /reset looks at it).
  async api(method, p, body, headers = {}) {
    const init = { method, headers: { Authorization: `Bearer ${managerCode}`, ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
    const res = await fetch(this.url("/api" + p), init);
    return { status: res.status, json: await res.json().catch(() => null), headers: res.headers };
  }

  async stop() {
    for (const child of [this.nginx, this.backend]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited(child);
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
