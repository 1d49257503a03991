// What one page load fetches: the page, its favicon, the hashed files it names, and the wasm the
// boot script names; and the size of each as nginx sends it to a gzip client.
import http from "node:http";

export async function pageAssets(base) {
  const html = await (await fetch(base + "/")).text();
  const named = [...html.matchAll(/(?:src|href)="([^"/][^"]*)"/g)].map((m) => "/" + m[1]);
  const names = ["/", "/favicon.svg", ...named.filter((n) => n !== "/favicon.svg")];
  const boot = await (await fetch(base + names.find((n) => n.startsWith("/boot.")))).text();
  names.push("/" + boot.match(/"(app\.[0-9a-f]{10}\.wasm)"/)[1]);
  return names;
}

export function gzipSize(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => (bytes += chunk.length));
      res.on("end", () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: ${res.statusCode}`))));
    }).on("error", reject);
  });
}
