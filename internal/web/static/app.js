// Small touches every page shares; the pages work without it.
(function () {
  "use strict";
  // The colour of a photo or video shows in its box until it has loaded.
  for (const el of document.querySelectorAll("[data-placeholder]")) {
    const c = el.dataset.placeholder;
    if (/^#[0-9a-f]{6}$/i.test(c)) el.style.backgroundColor = c;
  }
  // A button with data-copy copies the text field it names.
  for (const b of document.querySelectorAll("button[data-copy]")) {
    b.addEventListener("click", () => {
      const field = document.getElementById(b.dataset.copy);
      if (!field) return;
      field.select();
      if (navigator.clipboard) navigator.clipboard.writeText(field.value).catch(() => {});
    });
  }
})();
