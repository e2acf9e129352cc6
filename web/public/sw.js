// OpenEENC service worker: makes the app installable and lets every page open without a network.
// On install it precaches every route's code: the build writes the list of files into PRECACHE below
// (scripts/build/web-assets-plugin.ts), so each build changes this file and browsers install it anew.
// Hashed assets are cache-first (they never change); navigations are network-first with the cached
// shell as fallback. API calls are never cached here: offline records go through the app's outbox.
const PRECACHE = [];
const CACHE_PREFIX = 'openeenc-shell-';

/** One cache per build, named from its file list, so an update never mixes two builds' chunks. */
function cacheName() {
  let h = 0;
  for (const c of JSON.stringify(PRECACHE)) h = (h * 31 + c.charCodeAt(0)) | 0;
  return CACHE_PREFIX + (h >>> 0).toString(36);
}
const CACHE = cacheName();

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(PRECACHE.length ? PRECACHE : ['/']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (
    event.request.method !== 'GET' ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith('/api')
  )
    return;
  if (event.request.mode === 'navigate') {
    event.respondWith(
      fetch(event.request)
        .then((res) => {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put('/', copy));
          return res;
        })
        .catch(() => caches.match('/', { cacheName: CACHE })),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(
      caches.match(event.request, { cacheName: CACHE }).then(
        (hit) =>
          hit ||
          fetch(event.request).then((res) => {
            const copy = res.clone();
            if (res.ok) caches.open(CACHE).then((c) => c.put(event.request, copy));
            return res;
          }),
      ),
    );
  }
});
