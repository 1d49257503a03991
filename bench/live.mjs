// make bench, live updates: N subscribers of GET /api/events, then `sales` sales at `rate`/s;
// for each sale, the time from its acknowledgement to its arrival at every subscriber.
// Usage: node live.mjs BASE_URL SUBSCRIBERS SALES RATE   (prints one JSON line)
import http from "node:http";

const [base, subscribers, sales, rate] = [process.argv[2], ...process.argv.slice(3).map(Number)];
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

// One subscriber: calls `onState(state, receivedAt)` for every event.
function subscribe(onState) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + "/api/events", { agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const data = buffer.slice(0, end).split("\n").find((l) => l.startsWith("data: "));
          buffer = buffer.slice(end + 2);
          if (data) onState(JSON.parse(data.slice(6)), at);
        }
      });
      resolve(req);
    });
    req.on("error", reject);
  });
}

function post(path) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method: "POST", agent }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, body, at: performance.now() }));
    });
    req.on("error", reject);
    req.end();
  });
}

const received = Array.from({ length: subscribers }, () => new Map()); // version -> time
const streams = [];
for (let i = 0; i < subscribers; i += 100) {  // in waves, as screens open over time
  const wave = [];
  for (let j = i; j < Math.min(i + 100, subscribers); j++)
    wave.push(subscribe((s, at) => received[j].has(s.version) || received[j].set(s.version, at)));
  streams.push(...(await Promise.all(wave)));
}
await new Promise((r) => setTimeout(r, 1000));
if (process.send) process.send("connected");
console.error(`${subscribers} subscribers connected`);

const acked = new Map(); // version -> acknowledgement time
const started = performance.now();
const pending = [];
for (let i = 0; i < sales; i++) {
  const due = started + (i * 1000) / rate;
  await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  pending.push(post("/api/decrement").then((r) => {
    if (r.status === 200) acked.set(JSON.parse(r.body).version, r.at);
  }));
}
await Promise.all(pending);
const last = Math.max(...acked.keys());
const settle = performance.now() + 5000;  // a guard, not a measure
while (performance.now() < settle && received.some((m) => !m.has(last)))
  await new Promise((r) => setTimeout(r, 50));

const latencies = [];
for (const m of received)
  for (const [version, ackAt] of acked)
    if (m.has(version)) latencies.push(Math.max(0, m.get(version) - ackAt));
latencies.sort((a, b) => a - b);
const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(JSON.stringify({
  subscribers, sales: acked.size, deliveries: latencies.length,
  p50_ms: pick(0.5), p99_ms: pick(0.99), max_ms: latencies.at(-1),
  missed_final: received.filter((m) => !m.has(last)).length,
}));
for (const s of streams) s.destroy();
process.exit(0);
