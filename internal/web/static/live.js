// Live feed: the server announces, by server-sent events, each post this
// user may see as it is published or changed; the page fetches the post
// (through the same access check as any page) and shows it on top, marked
// new, with a count. Without JavaScript the feed is the same on reload.
(function () {
  "use strict";
  const feed = document.querySelector("[data-live-feed]");
  if (!feed || !window.EventSource) return;
  const counter = document.getElementById("live-count");
  const title = document.title;
  let fresh = 0;

  function show(id) {
    fetch("/posts/" + id + "/card", { credentials: "same-origin" })
      .then((r) => (r.ok ? r.text() : null))
      .then((html) => {
        if (!html) return;
        const t = document.createElement("template");
        t.innerHTML = html.trim();
        const card = t.content.firstElementChild;
        if (!card) return;
        if (feed.dataset.department && card.dataset.department !== feed.dataset.department) return;
        const old = feed.querySelector('[data-post-id="' + id + '"]');
        if (old) {
          card.classList.toggle("unread", old.classList.contains("unread"));
          old.replaceWith(card);
          return;
        }
        const empty = feed.querySelector(".feed-empty");
        if (empty) empty.remove();
        feed.prepend(card);
        for (const el of card.querySelectorAll("[data-placeholder]")) {
          if (/^#[0-9a-f]{6}$/i.test(el.dataset.placeholder)) el.style.backgroundColor = el.dataset.placeholder;
        }
        fresh++;
        counter.textContent = counter.dataset.text.replace("#", String(fresh));
        counter.hidden = false;
        document.title = "(" + fresh + ") " + title;
      });
  }

  const events = new EventSource("/events");
  events.addEventListener("post", (e) => {
    try { show(JSON.parse(e.data).id); } catch (err) { /* a malformed event is ignored */ }
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) document.title = title;
  });
})();
