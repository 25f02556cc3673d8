// Credit Bank console: progressive enhancement only; every form also works without it.
"use strict";

function importWithProgress(form) {
  const fileInput = document.getElementById("csv-file");
  const text = document.getElementById("csv");
  const box = document.getElementById("import-progress");
  const bar = document.getElementById("progress-bar");
  const label = document.getElementById("progress-text");
  const result = document.getElementById("import-result");
  const button = document.getElementById("import-start");

  async function send() {
    if (fileInput.files.length) {
      text.value = await fileInput.files[0].text();
    }
    button.disabled = true;
    box.hidden = false;
    bar.removeAttribute("value");
    label.textContent = "Reading the lines…";
    result.textContent = "";
    const answer = await fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/x-ndjson" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    });
    if (!answer.ok || !answer.body) {
      // a refusal before the import started (a stale form, a lost session): show its page
      document.open();
      document.write(await answer.text());
      document.close();
      return;
    }
    const reader = answer.body.getReader();
    const decoder = new TextDecoder();
    let pending = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = pending.indexOf("\n")) >= 0) {
        const update = JSON.parse(pending.slice(0, cut));
        pending = pending.slice(cut + 1);
        if ("total" in update) {
          bar.max = Math.max(update.total, 1);
          bar.value = update.done;
          label.textContent = update.done + " of " + update.total + " lines issued";
        }
        if ("html" in update) {
          const parsed = new DOMParser().parseFromString(update.html, "text/html");
          result.replaceChildren(...parsed.body.childNodes);
          if (update.ok) { text.value = ""; fileInput.value = ""; }
          label.textContent = update.ok ? "Done" : "Stopped";
        }
      }
    }
    button.disabled = false;
    const first = result.querySelector("[role=alert], [role=status]");
    if (first) { first.tabIndex = -1; first.focus(); }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send().catch((error) => {
      button.disabled = false;
      result.textContent = "The import could not be sent: " + error.message;
    });
  });
}

function validateAsYouType(form) {
  const csrf = form.querySelector("input[name=csrf]").value;
  const areas = form.querySelectorAll("textarea[data-check]");
  let timer = null;
  async function check() {
    const body = new URLSearchParams(new FormData(form));
    const answer = await fetch(form.dataset.checkUrl, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf },
      body,
      credentials: "same-origin",
    });
    const report = await answer.json();
    for (const area of areas) {
      const out = document.getElementById(area.id + "-check");
      const found = report[area.name];
      if (!found) continue;
      out.textContent = found.message;
      out.className = found.ok ? "notice" : "problem";
      out.setAttribute("role", found.ok ? "status" : "alert");
      area.setAttribute("aria-invalid", found.ok ? "false" : "true");
    }
  }
  for (const area of areas) {
    area.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => { check().catch(() => {}); }, 300);
    });
  }
  // a copy of a published version to edit: say at once whether it checks out
  if (Array.from(areas).some((area) => area.value.trim())) check().catch(() => {});
}

document.addEventListener("DOMContentLoaded", () => {
  const importForm = document.getElementById("import-form");
  if (importForm) importWithProgress(importForm);
  const rules = document.getElementById("programme-form");
  if (rules) validateAsYouType(rules);
});
