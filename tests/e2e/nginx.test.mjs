// nginx with the repo's config, through real requests: what it serves, how, and what it answers
// when the backend is away.
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, describe, test } from "node:test";

import { assertProblem } from "./catalogue.mjs";
import { Stack, waitFor } from "./stack.mjs";

const stack = new Stack({ counterd: process.env.COUNTERD, dist: process.env.DIST });
before(() => stack.start());
after(() => stack.stop());

// A raw request (no automatic decompression), answering status, headers and body bytes.
function raw(path, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(stack.url(path), { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

// Bytes as sent, on a fresh connection: the first answer (status, headers, body).
function rawBytes(bytes) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(stack.webPort, "127.0.0.1", () => socket.write(bytes));
    let received = Buffer.alloc(0);
    const answer = () => {
      const text = received.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return null;
      const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      const body = text.slice(end + 4);
      const length = Number(headers["content-length"] ?? 0);
      if (body.length < length) return null;
      return { status: Number(statusLine.split(" ")[1]), headers, body: body.slice(0, length) };
    };
    socket.on("data", (c) => {
      received = Buffer.concat([received, c]);
      const r = answer();
      if (r) {
        socket.destroy();
        resolve(r);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(answer() ?? { status: 0, headers: {}, body: "" }));
  });
}

async function assetNames() {
  const html = (await raw("/")).body.toString();
  const [, css] = html.match(/href="(style\.[0-9a-f]{10}\.css)"/);
  const [, boot] = html.match(/src="(boot\.[0-9a-f]{10}\.js)"/);
  const [, js] = html.match(/src="(app\.[0-9a-f]{10}\.js)"/);
  const [, wasm] = (await raw("/" + boot)).body.toString().match(/"(app\.[0-9a-f]{10}\.wasm)"/);
  return { css, boot, js, wasm };
}

describe("pages that do not exist, and the API's bare paths", () => {
  const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  test("a browser asking for a page that does not exist gets a small page in the card's style, 404", async () => {
    const r = await raw("/no-such-page", { headers: { Accept: browserAccept } });
    assert.equal(r.status, 404);
    assert.match(r.headers["content-type"], /^text\/html/);
    const html = r.body.toString();
    assert.match(html, /<title>Page not found · Camera Counter<\/title>/);
    assert.match(html, /<a href="\/">/, "a way back to the counter");
    const [, css] = html.match(/href="\/(style\.[0-9a-f]{10}\.css)"/);
    assert.equal((await raw("/" + css)).status, 200, "the card's stylesheet");
    assert.ok(r.headers["content-security-policy"]);
  });

  test("API clients and every /api/ path get problem+json, never an HTML page", async () => {
    for (const [path, accept] of [["/no-such-page", "application/json"], ["/no-such-page", "*/*"],
      ["/api/no-such-route", browserAccept], ["/api", browserAccept], ["/api", "*/*"]]) {
      const r = await raw(path, { headers: { Accept: accept } });
      assert.equal(r.status, 404, `${path} (${accept})`);
      assert.equal(r.headers["content-type"], "application/problem+json", `${path} (${accept})`);
      assert.equal(JSON.parse(r.body).status, 404);
    }
  });

  test("/api/docs without its slash is the reference itself, not an HTML redirect", async () => {
    const r = await raw("/api/docs", { headers: { Accept: browserAccept } });
    assert.equal(r.status, 200);
    const html = r.body.toString();
    assert.match(html, /<title>Camera Counter API<\/title>/);
    for (const [, src] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      assert.ok(src.startsWith("/"), `${src} resolves the same with or without the slash`);
      assert.equal((await raw(src)).status, 200, src);
    }
    const docs = (await raw("/api/docs/docs.js")).body.toString();
    assert.match(docs, /url: "\/api\/openapi\.json"/);
  });
});

describe("static files", () => {
  test("index.html is HTML, revalidated on every load", async () => {
    const r = await raw("/");
    assert.equal(r.status, 200);
    assert.match(r.headers["content-type"], /^text\/html/);
    assert.equal(r.headers["cache-control"], "no-cache");
  });

  test("the wasm is application/wasm, pre-compressed, cached for a year under a hashed name", async () => {
    const { wasm } = await assetNames();
    const gz = await raw("/" + wasm, { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(gz.headers["content-type"], "application/wasm");
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.equal(gz.headers["cache-control"], "public, max-age=31536000, immutable");
    const br = await raw("/" + wasm, { headers: { "Accept-Encoding": "br" } });
    assert.equal(br.headers["content-encoding"], "br");
    assert.ok(br.body.length < gz.body.length);
    const plain = await raw("/" + wasm);
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.deepEqual(plain.body.subarray(0, 4), Buffer.from([0, 0x61, 0x73, 0x6d])); // "\0asm"
  });

  test("JS and CSS have their types and long caching", async () => {
    const { css, js } = await assetNames();
    const j = await raw("/" + js, { headers: { "Accept-Encoding": "gzip" } });
    assert.match(j.headers["content-type"], /javascript/);
    assert.equal(j.headers["content-encoding"], "gzip");
    assert.match(j.headers["cache-control"], /immutable/);
    const c = await raw("/" + css);
    assert.match(c.headers["content-type"], /^text\/css/);
  });

  test("every response carries the security headers", async () => {
    for (const path of ["/", "/api/counter", "/missing"]) {
      const r = await raw(path);
      assert.match(r.headers["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/, path);
      assert.match(r.headers["content-security-policy"], /frame-ancestors 'none'/, path);
      assert.equal(r.headers["x-content-type-options"], "nosniff", path);
      assert.equal(r.headers["referrer-policy"], "no-referrer", path);
    }
  });
});

describe("every error on the public side is problem+json from the catalogue", () => {
  const post = (fields, body = "") => `POST /api/decrement HTTP/1.1\r\nHost: t\r\n${fields}\r\n${body}`;
  const cases = [
    ["a garbage request line", "GARBAGE\r\n\r\n", 400],
    ["a TLS hello", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400],
    ["an over-long target", `GET /${"a".repeat(9000)} HTTP/1.1\r\nHost: t\r\n\r\n`, 414],
    ["over-long header fields", `GET /api/counter HTTP/1.1\r\nHost: t\r\nX: ${"a".repeat(20000)}\r\n\r\n`, 431],
    ["HTTP/2.0 in the request line", "GET /api/counter HTTP/2.0\r\nHost: t\r\n\r\n", 505],
    ["a Content-Length that is not a number", post("Content-Length: abc\r\n", "{}"), 400],
    ["Content-Length twice, different", post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}"), 400],
    ["a request hidden in an oversize body",
      post("Content-Length: 20000\r\n", " ".repeat(19950) + "PUT /api/reset HTTP/1.1\r\nHost: t\r\n\r\n"), 413],
    ["a method nginx passes on and counterd does not implement", "BREW /api/counter HTTP/1.1\r\nHost: t\r\n\r\n", 501],
    ["a file that is not there", "GET /missing.png HTTP/1.1\r\nHost: t\r\n\r\n", 404],
    ["a POST to a static file", "POST /index.html HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n", 405],
  ];
  for (const [name, bytes, status] of cases) {
    test(`${name}: ${status}, the stock untouched`, async () => {
      const before = (await stack.api("GET", "/counter")).json;
      const r = await rawBytes(Buffer.from(bytes, "latin1"));
      assert.equal(r.status, status);
      assertProblem(assert, status, r.headers["content-type"], r.body);
      assert.deepEqual((await stack.api("GET", "/counter")).json, before);
    });
  }
});

describe("the API behind /api/", () => {
  test("an HTTP/1.0 request without Host is served (HTTP/1.0 has no Host requirement)", async () => {
    const state = await rawBytes(Buffer.from("GET /api/counter HTTP/1.0\r\n\r\n", "latin1"));
    assert.equal(state.status, 200);
    const before = JSON.parse(state.body).value;
    const sale = await rawBytes(Buffer.from("POST /api/decrement HTTP/1.0\r\nContent-Length: 0\r\n\r\n", "latin1"));
    assert.equal(sale.status, 200);
    assert.equal(JSON.parse(sale.body).value, before - 1);
    assert.equal((await rawBytes(Buffer.from("GET / HTTP/1.0\r\n\r\n", "latin1"))).status, 200);
  });

  test("reaches counterd, with its own headers", async () => {
    const r = await raw("/api/counter");
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(r.headers["cache-control"], "no-store");
    assert.match(r.headers.etag, /^"[0-9a-f]{16}-\d+"$/);
    assert.equal((await raw("/api/decrement", { method: "POST" })).status, 200);
    assert.equal((await raw("/api/nope")).headers["content-type"], "application/problem+json");
  });

  test("a body over 1 KiB is refused with 413 problem+json before reaching counterd", async () => {
    const r = await raw("/api/reset", {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: "x".repeat(5000),
    });
    assert.equal(r.status, 413);
    assert.equal(r.headers["content-type"], "application/problem+json");
    assert.equal(JSON.parse(r.body).status, 413);
  });

  test("the backend stopped: 502 problem+json, not an HTML page", async () => {
    await stack.stopBackend();
    try {
      const r = await raw("/api/counter");
      assert.equal(r.status, 502);
      assertProblem(assert, 502, r.headers["content-type"], r.body.toString());
      assert.equal(JSON.parse(r.body).detail, "the counter service is not answering; try again shortly");
    } finally {
      await stack.startBackend();
    }
    assert.equal((await raw("/api/counter")).status, 200);
  });

  test("sales beyond the per-address limit are answered 429 problem+json with Retry-After; reads are not limited", async () => {
    const results = await Promise.all(Array.from({ length: 400 }, () => raw("/api/decrement", { method: "POST" })));
    const limited = results.filter((r) => r.status === 429);
    assert.ok(limited.length > 0, "some sales are limited");
    assert.ok(results.every((r) => r.status === 200 || r.status === 429));
    assertProblem(assert, 429, limited[0].headers["content-type"], limited[0].body.toString());
    assert.equal(limited[0].headers["retry-after"], "1");
    const reads = await Promise.all(Array.from({ length: 400 }, () => raw("/api/counter")));
    assert.ok(reads.every((r) => r.status === 200));
  });

  test("the access log is JSON lines", async () => {
    const fs = await import("node:fs");
    const log = `${stack.dir}/nginx/access.log`;
    await waitFor(() => fs.existsSync(log) && fs.readFileSync(log, "utf8").trim(), "the buffered log's flush");
    const lines = fs.readFileSync(log, "utf8").trim().split("\n");
    const last = JSON.parse(lines.at(-1));
    assert.equal(typeof last.status, "number");
    assert.ok(last.uri.startsWith("/"));
  });

  test("answers nginx makes itself (413, 502) are logged with the client's method and path", async () => {
    const fs = await import("node:fs");
    const log = `${stack.dir}/nginx/access.log`;
    const logged = (status, uri) => fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l))
      .find((e) => e.status === status && e.uri === uri);
    assert.equal((await raw("/api/reset?big", {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: "x".repeat(5000),
    })).status, 413);
    await stack.stopBackend();
    try {
      assert.equal((await raw("/api/decrement?down", { method: "POST" })).status, 502);
    } finally {
      await stack.startBackend();
    }
    await waitFor(() => logged(413, "/api/reset?big") && logged(502, "/api/decrement?down"), "the log's flush");
    assert.equal(logged(413, "/api/reset?big").method, "PUT");
    assert.equal(logged(502, "/api/decrement?down").method, "POST");
  });
});
