// What one page load fetches: the page, its favicon, the hashed files it names (or preloads),
// the wasm the boot script names and the service worker it registers, each once; and the size of each as nginx sends it to a
// gzip (or brotli) client. (The API answer the page preloads is not a file of the bundle.)
import http from "node:http";

export async function pageAssets(base) {
  const html = await (await fetch(base + "/")).text();
  const named = [...html.matchAll(/(?:src|href)="([^"/][^"]*)"/g)].map((m) => "/" + m[1]);
  const boot = await (await fetch(base + named.find((n) => n.startsWith("/boot.")))).text();
  const wasm = "/" + boot.match(/"(app\.[0-9a-f]{10}\.wasm)"/)[1];
  const worker = boot.match(/register\("([^"]+)"\)/)[1];
  return [...new Set(["/", "/favicon.svg", ...named, wasm, worker])];
}

export const gzipSize = (url) => encodedSize(url, "gzip");

// The bytes nginx sends for `url` to a client that accepts `encoding` (gzip, br).
export function encodedSize(url, encoding) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { "Accept-Encoding": encoding } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => (bytes += chunk.length));
      res.on("end", () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: ${res.statusCode}`))));
    }).on("error", reject);
  });
}
