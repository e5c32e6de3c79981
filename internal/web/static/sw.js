// Pluttra's service worker, served at /sw.js so its scope is the whole
// site. It keeps the static files for quick starts, keeps the last feed
// page the user fetched readable offline (and nothing else they saw:
// other pages and media are never kept), and shows push notifications.
"use strict";

const VERSION = "1";
const STATIC = "pluttra-static-" + VERSION;
const PAGES = "pluttra-pages"; // the last feed page; cleared on logout
const PRECACHE = [
  "/offline",
  "/static/app.css",
  "/static/app.js",
  "/static/pwa.js",
  "/static/live.js",
  "/static/icon.svg",
  "/static/icon-192.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC)
      .then((c) => c.addAll(PRECACHE.map((u) => new Request(u, { credentials: "omit" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => k.startsWith("pluttra-static-") && k !== STATIC)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "logout") event.waitUntil(caches.delete(PAGES));
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/feed" && url.search === "" && req.mode === "navigate") {
    event.respondWith(feed(req));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(req));
  } else if (req.mode === "navigate") {
    event.respondWith(fetch(req).catch(() => offlinePage()));
  }
});

// feed: the network first; its page is kept when it is the user's feed
// (not the login page after a redirect). Offline, the kept copy is shown
// with its note that it is what the user last saw.
async function feed(req) {
  try {
    const resp = await fetch(req);
    if (resp.ok && !resp.redirected) {
      const cache = await caches.open(PAGES);
      await cache.put("/feed", resp.clone());
    } else if (resp.redirected) {
      await caches.delete(PAGES); // the session is over
    }
    return resp;
  } catch (err) {
    const cache = await caches.open(PAGES);
    const kept = await cache.match("/feed");
    if (!kept) return offlinePage();
    const html = (await kept.text()).replace("data-offline-note hidden", "data-offline-note");
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

async function staticFile(req) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(req, { ignoreSearch: true });
  if (hit) {
    // Refresh it for next time without waiting.
    fetch(req).then((r) => { if (r.ok) cache.put(req, r); }).catch(() => {});
    return hit;
  }
  return fetch(req);
}

async function offlinePage() {
  const hit = await caches.match("/offline");
  return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

// push: the server's message is JSON: title, body, the page to open, and
// a tag so a newer notice about the same thing replaces the older.
self.addEventListener("push", (event) => {
  let m = {};
  try { m = event.data ? event.data.json() : {}; } catch (err) { m = {}; }
  event.waitUntil(self.registration.showNotification(m.title || "Pluttra", {
    body: m.body || "",
    tag: m.tag || undefined,
    icon: "/static/icon-192.png",
    badge: "/static/icon-192.png",
    data: { url: m.url || "/" },
  }));
});

// notificationclick opens the notice's page, in a window already showing
// it when there is one; only pages of this site are opened.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  let target = new URL("/", self.location.origin);
  try {
    const u = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
    if (u.origin === self.location.origin) target = u;
  } catch (err) { /* keep the start page */ }
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((list) => {
    for (const c of list) {
      if (c.url === target.href && "focus" in c) return c.focus();
    }
    return self.clients.openWindow(target.href);
  }));
});

// pushsubscriptionchange: the push service renewed the subscription; tell
// the server the new one, as the signed-in user of this browser.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(fetch("/push/key", { credentials: "same-origin" })
    .then((r) => r.json())
    .then((k) => self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64URL(k.key) }))
    .then((sub) => fetch("/push/subscriptions", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(sub.toJSON()),
    }))
    .catch(() => {}));
});

function fromBase64URL(s) {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}
