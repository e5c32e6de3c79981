// The composer's media: resumable uploads (tus) with a progress bar per
// file, sound recorded in the browser, and the processing state of each
// item until its thumbnail is ready. The form posts the item ids; the
// server checks they are the uploader's own.
(function () {
  "use strict";
  const picker = document.getElementById("media-picker");
  if (!picker || !window.tus) return;
  const list = document.getElementById("media-list");
  const input = document.getElementById("media-files");
  const recordButton = document.getElementById("media-record");
  const form = picker.closest("form");
  const msg = picker.dataset;
  let inFlight = 0;

  // Retry for a long while: a phone between networks comes back.
  const retryDelays = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000, 60000, 60000, 120000, 120000];

  function item(name) {
    const li = document.createElement("li");
    li.className = "media-item";
    const label = document.createElement("span");
    label.className = "media-name";
    label.dir = "auto";
    label.textContent = name;
    const progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    const state = document.createElement("span");
    state.className = "media-state";
    state.textContent = msg.msgUploading;
    li.append(label, progress, state, removeButton(li));
    list.append(li);
    return { li, progress, state };
  }

  function removeButton(li) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "media-remove";
    b.textContent = msg.msgRemove;
    b.addEventListener("click", () => {
      if (li.upload) li.upload.abort(true).catch(() => {});
      li.remove();
    });
    return b;
  }

  function busy(delta) {
    inFlight += delta;
    for (const b of form.querySelectorAll("button[type=submit]")) b.disabled = inFlight > 0;
  }

  function upload(file, name) {
    const view = item(name || file.name);
    busy(1);
    const up = new window.tus.Upload(file, {
      endpoint: picker.dataset.uploadUrl,
      chunkSize: 8 * 1024 * 1024,
      retryDelays: retryDelays,
      metadata: { filetype: file.type || "" },
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => { view.progress.value = total ? Math.floor((100 * sent) / total) : 0; },
      onError: (err) => {
        busy(-1);
        view.li.classList.add("failed");
        view.progress.remove();
        const body = err && err.originalResponse && err.originalResponse.getBody();
        view.state.textContent = body || msg.msgFailed;
        view.state.setAttribute("role", "alert");
      },
      onSuccess: () => {
        busy(-1);
        view.progress.value = 100;
        const id = up.url.split("/").pop();
        view.li.dataset.mediaId = id;
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "media";
        hidden.value = id;
        view.li.append(hidden);
        view.state.textContent = msg.msgProcessing;
        watch(view.li, id, view.state);
      },
    });
    view.li.upload = up;
    // Continue an upload this browser started before (a reload, a crash).
    up.findPreviousUploads().then((previous) => {
      if (previous.length) up.resumeFromPreviousUpload(previous[0]);
      up.start();
    });
  }

  // watch polls an item until it is processed, then shows its thumbnail
  // or, when it failed, why.
  function watch(li, id, state) {
    fetch("/media/" + id, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((m) => {
        if (!li.isConnected) return;
        li.dataset.status = m.status;
        if (m.status === "pending") { setTimeout(() => watch(li, id, state), 1500); return; }
        const progress = li.querySelector("progress");
        if (progress) progress.remove();
        if (m.status === "failed") {
          li.classList.add("failed");
          state.textContent = m.error || msg.msgFailed;
          state.setAttribute("role", "alert");
          return;
        }
        state.textContent = "";
        if (m.thumb) {
          const img = document.createElement("img");
          img.src = m.thumb;
          img.alt = "";
          img.width = 96;
          img.height = 96;
          li.prepend(img);
        }
      })
      .catch(() => setTimeout(() => watch(li, id, state), 5000));
  }

  input.addEventListener("change", () => {
    for (const f of input.files) upload(f);
    input.value = "";
  });

  for (const li of list.querySelectorAll(".media-item")) {
    const b = li.querySelector(".media-remove");
    if (b) b.addEventListener("click", () => li.remove());
    if (li.dataset.status === "pending") watch(li, li.dataset.mediaId, li.querySelector(".media-state"));
  }

  form.addEventListener("submit", (e) => {
    if (inFlight > 0) { e.preventDefault(); alert(msg.msgWait); }
  });

  // Recording sound in the browser, where it can.
  if (recordButton && window.MediaRecorder && navigator.mediaDevices) {
    recordButton.hidden = false;
    let recorder = null;
    recordButton.addEventListener("click", async () => {
      if (recorder) { recorder.stop(); return; }
      let stream;
      try { stream = await navigator.mediaDevices.getUserMedia({ audio: true }); } catch (e) { return; }
      const chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", (e) => chunks.push(e.data));
      recorder.addEventListener("stop", () => {
        stream.getTracks().forEach((t) => t.stop());
        const type = recorder.mimeType || "audio/webm";
        recorder = null;
        recordButton.textContent = msg.msgRecord;
        const ext = type.indexOf("mp4") >= 0 ? "m4a" : type.indexOf("ogg") >= 0 ? "ogg" : "webm";
        upload(new File(chunks, "recording." + ext, { type: type }));
      });
      recorder.start();
      recordButton.textContent = msg.msgStop;
    });
  }
})();
