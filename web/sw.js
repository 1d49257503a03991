// The installed till's offline start. This worker keeps one bundle (the page and the hashed
// files it names, listed here by the build) and serves it when the network is gone; the app
// itself keeps the last known count and the sales made meanwhile (localStorage), and sends them
// when the server answers again. A new build changes this file, so the browser installs the new
// worker, which keeps the new bundle in a cache of its own and deletes the old one: a page is
// always served with the files of its own build, never a mix. The API is never cached.
"use strict";
const CACHE = "camera-counter-{{VERSION}}";
const BUNDLE = {{FILES}};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(BUNDLE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("camera-counter-") && n !== CACHE)
        .map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api"))
    return; // the network's, as without a worker
  if (event.request.mode === "navigate") {
    // The page from the network while there is one (a new build shows at once), else this build's.
    event.respondWith(fetch(event.request).catch(() => caches.match("/", { cacheName: CACHE })));
    return;
  }
  event.respondWith(
    caches.match(event.request, { cacheName: CACHE }).then((kept) => kept || fetch(event.request)),
  );
});
