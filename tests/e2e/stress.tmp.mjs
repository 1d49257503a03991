// Temporary: nchan under churn — subscribers connecting and leaving while states publish fast.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Stack } from "./stack.mjs";
const stack = await new Stack({ counterd: process.env.COUNTERD, dist: process.env.DIST }).start();
const stop = Date.now() + Number(process.env.SECONDS ?? 30) * 1000;
let sales = 0, subs = 0, errors = 0;
const agent = new http.Agent({ keepAlive: true });
async function seller() {
  while (Date.now() < stop) {
    await new Promise((r) => { const q = http.request(`http://127.0.0.1:${stack.apiPort}/decrement`, { method: "POST", agent, headers: { "Idempotency-Key": "k" + Math.random() } }, (res) => { res.resume(); res.on("end", r); }); q.on("error", () => { errors++; r(); }); q.end(); });
    sales++;
  }
}
async function churner() {
  while (Date.now() < stop) {
    await new Promise((r) => {
      const q = http.get(stack.url("/api/events"), (res) => { subs++; res.once("data", () => setTimeout(() => { q.destroy(); r(); }, Math.random() * 50)); });
      q.on("error", () => { errors++; r(); });
    });
  }
}
await stack.api("PUT", "/reset", { value: 1000000 });
await Promise.all([...Array(4)].map(seller), ...[...Array(40)].map(churner));
const log = fs.readFileSync(path.join(stack.dir, "nginx", "error.log"), "utf8");
console.log(JSON.stringify({ sales, subs, errors, crashes: (log.match(/signal 6|Assertion/g) || []).length }));
console.log(log.split("\n").filter((l) => /Assertion|signal/.test(l)).slice(0, 3).join("\n"));
await stack.stop();
