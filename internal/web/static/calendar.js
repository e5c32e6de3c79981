// Live calendar: the server announces, by server-sent events, each event
// of this user's calendars that is added, changed or cancelled; the page
// offers to show the calendar anew rather than moving what is being read.
// Without JavaScript the calendar is the same on reload.
(function () {
  "use strict";
  const calendar = document.querySelector("[data-live-calendar]");
  const notice = document.getElementById("calendar-changed");
  if (!calendar || !notice || !window.EventSource) return;
  const link = notice.querySelector("a");
  link.href = window.location.pathname + window.location.search;
  const events = new EventSource("/events");
  events.addEventListener("calendar", () => { notice.hidden = false; });
})();
