// Small touches every page shares; the pages work without it.
(function () {
  "use strict";
  // The colour of a photo or video shows in its box until it has loaded.
  for (const el of document.querySelectorAll("[data-placeholder]")) {
    const c = el.dataset.placeholder;
    if (/^#[0-9a-f]{6}$/i.test(c)) el.style.backgroundColor = c;
  }
})();
