// The installable app: registers the service worker (sw.js), forgets the
// kept feed page when nobody is logged in or on logout, and turns push
// notifications on or off on this device from the settings page. Pages
// work the same without it.
(function () {
  "use strict";
  const loggedIn = document.body.hasAttribute("data-user");
  const sw = "serviceWorker" in navigator;

  if (sw) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }
  if (!loggedIn && "caches" in window) {
    caches.delete("pluttra-pages");
  }

  // Logging out forgets what this browser kept of the user's pages and
  // stops notices to it: the device may be someone else's next.
  for (const form of document.querySelectorAll("form[data-logout]")) {
    form.addEventListener("submit", (e) => {
      if (form.dataset.leaving) return;
      e.preventDefault();
      form.dataset.leaving = "1";
      const done = () => form.submit();
      const work = [];
      if ("caches" in window) work.push(caches.delete("pluttra-pages"));
      if (sw) {
        work.push(navigator.serviceWorker.getRegistration("/").then((reg) => {
          if (!reg || !reg.pushManager) return null;
          return reg.pushManager.getSubscription().then((sub) => {
            if (!sub) return null;
            return send("DELETE", { endpoint: sub.endpoint }).then(() => sub.unsubscribe());
          });
        }).catch(() => null));
      }
      Promise.race([Promise.all(work), new Promise((r) => setTimeout(r, 1500))]).then(done, done);
    });
  }

  function send(method, body) {
    return fetch("/push/subscriptions", {
      method, credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
  }

  function fromBase64URL(s) {
    const b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
    return Uint8Array.from(b, (c) => c.charCodeAt(0));
  }

  // The settings page's "this device" box.
  const box = document.querySelector("[data-push]");
  if (!box) return;
  const status = box.querySelector("[data-push-status]");
  const on = box.querySelector("[data-push-on]");
  const off = box.querySelector("[data-push-off]");
  const say = (key) => { status.textContent = box.dataset[key] || ""; };
  if (!sw || !("PushManager" in window) || !("Notification" in window)) {
    say("textUnsupported");
    return;
  }
  on.hidden = false;

  function show(sub) {
    on.hidden = !!sub;
    off.hidden = !sub;
    say(sub ? "textOn" : (Notification.permission === "denied" ? "textDenied" : "textOff"));
  }
  navigator.serviceWorker.ready.then((reg) => reg.pushManager.getSubscription()).then(show, () => show(null));

  on.addEventListener("click", async () => {
    on.disabled = true;
    try {
      if (await Notification.requestPermission() !== "granted") { show(null); return; }
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64URL(box.dataset.key) });
      const resp = await send("POST", sub.toJSON());
      if (!resp.ok) {
        await sub.unsubscribe();
        const body = await resp.json().catch(() => ({}));
        status.textContent = body.error || box.dataset.textFailed;
        return;
      }
      show(sub);
    } catch (err) {
      say("textFailed");
    } finally {
      on.disabled = false;
    }
  });
  off.addEventListener("click", async () => {
    off.disabled = true;
    try {
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.getSubscription();
      if (sub) {
        await send("DELETE", { endpoint: sub.endpoint });
        await sub.unsubscribe();
      }
      show(null);
    } catch (err) {
      say("textFailed");
    } finally {
      off.disabled = false;
    }
  });
})();
