// The API contract (shared/openapi.json) against the real thing: the document is valid OpenAPI
// 3.1; every documented status of every route is provoked from a real counterd (SQLite, and
// PostgreSQL for what only a shared store can answer) or from real nginx in front of it, and
// each answer's status, headers and body are checked against the document with ajv; counterd's
// routes and methods are exactly the documented ones; the problem types are the catalogue's.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import { launch } from "./browser.mjs";
import { catalogue } from "./catalogue.mjs";
import { Stack, exited, freePort, managerCode, repo, waitFor } from "./stack.mjs";

const doc = JSON.parse(fs.readFileSync(path.join(repo, "shared/openapi.json"), "utf8"));
const options = { counterd: process.env.COUNTERD, dist: process.env.DIST };

// The document as ajv sees it: its local references made absolute, so that a schema taken out
// of it still finds what it refers to.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const schemaDoc = JSON.parse(JSON.stringify(doc).replaceAll('"$ref":"#/', '"$ref":"openapi.json#/'));
ajv.addSchema(schemaDoc, "openapi.json");

// The node at a JSON pointer ("components/schemas/Problem", without "#/") of `root`.
const at = (root, pointer) => pointer.split("/").reduce(
  (node, part) => node[part.replaceAll("~1", "/").replaceAll("~0", "~")], root);

function resolve(node, root = doc) {
  while (node && node.$ref) node = at(root, node.$ref.replace(/^(openapi\.json)?#\//, ""));
  return node;
}

const compiled = new Map();
function validate(schemaPath, value) {
  if (!compiled.has(schemaPath)) compiled.set(schemaPath, ajv.compile(resolve(at(schemaDoc, schemaPath), schemaDoc)));
  const check = compiled.get(schemaPath);
  return check(value) ? null : ajv.errorsText(check.errors);
}

// Operations counterd serves (nginx serves the ones marked x-served-by).
const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
  Object.entries(item).map(([method, op]) => ({ path: p, method: method.toUpperCase(), op })));
const served = operations.filter((o) => o.op["x-served-by"] !== "nginx");

// What each answer proved: "GET /counter 304" once seen and checked against the document.
const hits = new Set();

// Checks one answer against the document and records it.
async function check(method, docPath, res, where) {
  const op = doc.paths[docPath][method.toLowerCase()];
  const what = `${method} ${docPath} ${res.status} (${where})`;
  const documented = op.responses[String(res.status)];
  const text = await res.text();
  assert.ok(documented, `${what} is not documented: ${text}`);
  const responsePath = documented.$ref
    ? documented.$ref.slice(2)
    : `paths/${docPath.replaceAll("/", "~1")}/${method.toLowerCase()}/responses/${res.status}`;
  const response = resolve(documented);
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const h = resolve(header);
    const value = res.headers.get(name);
    if (h.required) assert.notEqual(value, null, `${what}: header ${name} is missing`);
    if (value !== null) {
      const schemaPath = (header.$ref ? header.$ref.slice(2) : `${responsePath}/headers/${name}`) + "/schema";
      assert.equal(validate(schemaPath, value), null, `${what}: header ${name}: ${value}`);
    }
  }
  if (!response.content) {
    assert.equal(text, "", `${what}: a body where none is documented`);
  } else {
    const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
    assert.ok(response.content[type], `${what}: content type ${type} is not documented`);
    const body = type.endsWith("json") ? JSON.parse(text) : text;
    const error = validate(`${responsePath}/content/${type.replaceAll("/", "~1")}/schema`, body);
    assert.equal(error, null, `${what}: ${text.slice(0, 300)}`);
  }
  hits.add(`${method} ${docPath} ${res.status}`);
  return text;
}

// Sends a request for the documented operation to `base` and checks the answer.
async function call(base, method, docPath, { query = "", headers = {}, body } = {}, where = base) {
  const res = await fetch(base + docPath + query, { method, headers, body });
  return check(method, docPath, res, where);
}

const json = (value) => ({ body: JSON.stringify(value), headers: { "Content-Type": "application/json" } });
const manager = { Authorization: `Bearer ${managerCode}` };
const managerJson = (value) => ({ body: JSON.stringify(value),
  headers: { ...manager, "Content-Type": "application/json" } });
// The smallest valid request of each operation (the manager's code where it is needed).
const valid = (o) => (o.method === "PUT" ? managerJson({ value: 1000 }) : {});

// nginx in front of a backend that refuses connections (502) or never answers (504), or with
// a rate of one write a minute (429).
class EdgeOnly extends Stack {
  async start(backend, env) {
    this.publishPort = await freePort();
    await this.startNginx([backend], env);
    return this;
  }
}

// counterd on a real PostgreSQL that the test may lock or stop.
class PostgresBackend {
  async start(dir) {
    this.dir = dir;
    this.script = path.join(repo, "scripts/postgres.sh");
    this.conninfo = execFileSync(this.script, ["start", path.join(dir, "pg")]).toString().trim();
    execFileSync("psql", [`${this.conninfo} dbname=postgres`, "-qc", "CREATE DATABASE contract"]);
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.counterd = spawn(options.counterd, ["--host", "127.0.0.1", "--port", String(this.port),
      "--store", "postgres", "--database-url", `${this.conninfo} dbname=contract`],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, COUNTERD_ADMIN_TOKEN: managerCode } });
    await waitFor(async () => (await fetch(`${this.base}/readyz`)).ok, "counterd on PostgreSQL");
    return this;
  }

  // A session that holds the state row's lock until release() (every commit waits for it).
  async lock() {
    const psql = spawn("psql", ["-qX", `${this.conninfo} dbname=contract`], { stdio: ["pipe", "pipe", "inherit"] });
    psql.stdin.write("BEGIN; SELECT version FROM counter_state FOR UPDATE; \\echo locked\n");
    await new Promise((resolve) => psql.stdout.on("data", (d) => d.toString().includes("locked") && resolve()));
    return async () => {
      psql.stdin.end("COMMIT;\n");
      await exited(psql);
    };
  }

  stopDatabase() {
    execFileSync(this.script, ["stop", path.join(this.dir, "pg")]);
  }

  async stop() {
    if (!this.counterd) return;
    this.counterd.kill("SIGTERM");
    await exited(this.counterd);
    execFileSync(this.script, ["remove", path.join(this.dir, "pg")]);
  }
}

const stack = new Stack(options);
const dead = new EdgeOnly(options);
const hanging = new EdgeOnly(options);
const limited = new EdgeOnly(options);
const postgres = new PostgresBackend();
let silent;

before(async () => {
  await stack.start();
  await dead.start(`127.0.0.1:${await freePort()}`);
  silent = net.createServer(() => {}); // accepts, reads, never answers
  await new Promise((r) => silent.listen(0, "127.0.0.1", r));
  await hanging.start(`127.0.0.1:${silent.address().port}`);
  await limited.start(`127.0.0.1:${stack.apiPort}`, { WRITE_RATE: "1r/m", WRITE_BURST: "1" });
  await postgres.start(stack.dir);
});

after(async () => {
  await postgres.stop();
  for (const s of [limited, hanging, dead, stack]) await s.stop();
  silent?.close();
});

describe("the API contract (shared/openapi.json)", () => {
  test("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(doc));
    assert.ok(result.valid, JSON.stringify(result.errors, null, 1));
    assert.equal(doc.openapi.slice(0, 4), "3.1.");
  });

  test("names exactly the catalogue's problem types", () => {
    assert.deepEqual([...doc.components.schemas.ProblemType.enum].sort(),
      catalogue.map((e) => e.type).sort());
  });

  test("is what counterd serves at /openapi.json and nginx at /api/openapi.json", async () => {
    const direct = await call(`http://127.0.0.1:${stack.apiPort}`, "GET", "/openapi.json");
    assert.deepEqual(JSON.parse(direct), doc);
    assert.deepEqual(JSON.parse(await call(stack.url("/api"), "GET", "/openapi.json")), doc);
  });

  test("is browsable at /api/docs: every operation shown, under the page's CSP, no errors", async () => {
    const { context, close } = await launch();
    try {
      const page = await context.newPage();
      const errors = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(stack.url("/api/docs"));
      await page.waitForFunction((n) => document.querySelectorAll(".opblock").length === n,
        operations.length);
      const shown = await page.$$eval(".opblock-summary-path", (els) =>
        els.map((e) => e.getAttribute("data-path")).sort());
      assert.deepEqual(shown, operations.map((o) => o.path).sort());
      const title = await page.textContent(".info .title");
      assert.match(title, /Camera Counter API/);
      if (process.env.ARTIFACTS) {
        fs.mkdirSync(process.env.ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(process.env.ARTIFACTS, "api-docs.png"), fullPage: true });
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("names every route and method counterd has, and only those", async () => {
    const base = `http://127.0.0.1:${stack.apiPort}`;
    const notFound = await (await fetch(base + "/no-such-route")).json();
    const registered = notFound.detail.split("; see ")[1].split(", ").sort();
    assert.deepEqual(registered, [...new Set(served.map((o) => o.path))].sort());
    for (const p of registered) {
      const res = await fetch(base + p, { method: "OPTIONS" });
      assert.equal(res.status, 204);
      const methods = served.filter((o) => o.path === p).map((o) => o.method);
      if (methods.includes("GET")) methods.push("HEAD");
      assert.deepEqual(res.headers.get("allow").split(", ").sort(), [...methods, "OPTIONS"].sort(), p);
    }
  });

  test("every documented status of every route, answered as documented", async () => {
    const direct = `http://127.0.0.1:${stack.apiPort}`;
    const edge = stack.url("/api");

    // Successes, directly and through nginx.
    for (const o of served) {
      await call(direct, o.method, o.path, valid(o));
      await call(edge, o.method, o.path, valid(o));
    }
    const events = new AbortController();
    const stream = await fetch(edge + "/events", { signal: events.signal });
    const reader = stream.body.getReader();
    let first = "";
    while (!first.includes("\n\n")) first += new TextDecoder().decode((await reader.read()).value);
    events.abort();
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get("content-type").split(";")[0], "text/event-stream");
    const data = JSON.parse(first.match(/^data: (.*)$/m)[1]);
    assert.equal(validate("components/schemas/LiveState", data), null, first);
    hits.add("GET /events 200");

    // What every request can meet: too long a target, too large a head, no replica reachable,
    // a replica that does not answer.
    const big = { "X-Padding": "x".repeat(9000) };
    await Promise.all(served.flatMap((o) => [
      call(direct, o.method, o.path, { ...valid(o), query: "?q=" + "a".repeat(3000) }),
      call(direct, o.method, o.path, { ...valid(o), headers: { ...valid(o).headers, ...big } }),
      call(dead.url("/api"), o.method, o.path, valid(o), "nginx, no replica"),
      call(hanging.url("/api"), o.method, o.path, valid(o), "nginx, a silent replica"),
    ]));

    // The counter: unchanged since a tag.
    const etag = (await fetch(direct + "/counter")).headers.get("etag");
    await call(direct, "GET", "/counter", { headers: { "If-None-Match": etag } });

    // Sales: malformed, too large (counterd's and nginx's limit), not JSON, a key reused,
    // sold out, over the edge's rate.
    for (const base of [direct, edge]) {
      for (const route of ["/decrement", "/return"]) {
        await call(base, "POST", route, { body: "{", headers: { "Content-Type": "application/json" } });
        await call(base, "POST", route, json({ pad: "x".repeat(2000) }));
        await call(base, "POST", route, { body: "x", headers: { "Content-Type": "text/plain" } });
        await call(base, "POST", route, json({ till: "" }));
      }
    }
    // Returns: one undone twice, one naming no sale, one past the maximum.
    await call(direct, "POST", "/decrement", { headers: { "Idempotency-Key": "contract-sale" } });
    await call(direct, "POST", "/return", json({ undo: "contract-sale", till: "Front desk" }));
    await call(direct, "POST", "/return", json({ undo: "contract-sale" }));
    await call(edge, "POST", "/return", json({ undo: "no-such-sale" }));
    await call(direct, "PUT", "/reset", managerJson({ value: 1000000000 }));
    await call(direct, "POST", "/return");
    await call(direct, "GET", "/changes", { query: "?till=Front%20desk" });
    await call(direct, "POST", "/decrement", { headers: { "Idempotency-Key": "contract-1" } });
    await call(direct, "POST", "/decrement", { headers: { "Idempotency-Key": "contract-1" } }); // replayed
    await call(direct, "POST", "/decrement", { ...json({}), headers: { ...json({}).headers, "Idempotency-Key": "contract-1" } });
    await call(direct, "PUT", "/reset", managerJson({ value: 0 }));
    await call(direct, "POST", "/decrement");
    await call(direct, "PUT", "/reset", managerJson({}));
    for (const o of served.filter((x) => x.method !== "GET")) {
      for (let i = 0; i < 2; i++) await fetch(limited.url("/api") + o.path, { method: o.method, ...valid(o) });
      await call(limited.url("/api"), o.method, o.path, valid(o), "nginx at one write a minute");
    }

    // Resets: malformed, no code, a wrong code, not JSON, too large, out of range.
    await call(direct, "PUT", "/reset", { body: "{", headers: { ...manager, "Content-Type": "application/json" } });
    await call(direct, "PUT", "/reset", json({ value: 5 }));
    await call(direct, "PUT", "/reset", { ...json({ value: 5 }), headers: { ...json({}).headers, Authorization: "Bearer wrong" } });
    await call(direct, "PUT", "/reset", { body: "5", headers: { ...manager, "Content-Type": "text/plain" } });
    await call(direct, "PUT", "/reset", managerJson({ value: 5, pad: "x".repeat(2000) }));
    await call(direct, "PUT", "/reset", managerJson({ value: -1 }));

    // The history: a bad parameter of each kind.
    await call(direct, "GET", "/changes", { query: "?limit=0" });
    await call(direct, "GET", "/sales", { query: "?bucket=week" });
    await call(direct, "GET", "/sales", { query: "?since=0&until=3600000001" });
    await call(direct, "GET", "/sales", { query: "?tz=Mars/Olympus_Mons" });
    // Days by a named zone's rules, through the edge too (the report names the zone).
    for (const base of [direct, edge])
      await call(base, "GET", "/sales", { query: "?bucket=day&tz=Europe/Berlin" });

    // A shared store: the same key while its first request waits for the database's lock
    // (409), then the database stopped (503 for everything that needs it).
    const release = await postgres.lock();
    const keyed = (o) => ({ ...valid(o), headers: { ...valid(o).headers, "Idempotency-Key": `wait-${o.method}${o.path}` } });
    const waiting = served.filter((o) => o.method !== "GET").map((o) =>
      fetch(postgres.base + o.path, { method: o.method, ...keyed(o) }));
    // Both are read and unanswered (the look at /metrics counts itself too).
    await waitFor(async () => Number((await (await fetch(postgres.base + "/metrics")).text())
      .match(/^counterd_http_requests_in_flight (\d+)$/m)[1]) >= waiting.length + 1,
    "the first requests to wait for the database");
    for (const o of served.filter((x) => x.method !== "GET"))
      await call(postgres.base, o.method, o.path, keyed(o), "counterd on PostgreSQL");
    await release();
    for (const res of await Promise.all(waiting)) assert.equal(res.status, 200);
    postgres.stopDatabase();
    for (const o of served.filter((x) => x.op.responses["503"]))
      await call(postgres.base, o.method, o.path, valid(o), "counterd, PostgreSQL stopped");

    const documented = operations.flatMap((o) =>
      Object.keys(o.op.responses).map((status) => `${o.method} ${o.path} ${status}`));
    assert.deepEqual(documented.filter((d) => !hits.has(d)), [], "documented but never seen");
  });
});
