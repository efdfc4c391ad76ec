// Triage's service worker: when the network is gone, a page says so, and keeps what is typed
// there on the device for later (`offline.html`). It caches nothing but that page (its style
// and script are inline), so no old figures are ever shown as current.
const CACHE = "triage-offline-v3";
const OFFLINE = "/offline/";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(OFFLINE)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))
    )
  );
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") return;  // pages only; everything else as usual
  event.respondWith(fetch(event.request).catch(() => caches.match(OFFLINE)));
});
