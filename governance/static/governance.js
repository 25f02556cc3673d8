// Approve and reject from the page: the operator key goes in a header, never in a cookie,
// so another site cannot make this browser act for the member.
"use strict";

(function () {
  const base = document.body.dataset.api || "";
  const keyInput = document.getElementById("api-key");
  const result = document.getElementById("result");
  const error = document.getElementById("error");
  keyInput.value = sessionStorage.getItem("governance-key") || "";
  keyInput.addEventListener("change", () => sessionStorage.setItem("governance-key", keyInput.value));

  function show(element, text) {
    element.textContent = text;
    element.hidden = false;
  }

  async function act(path, body) {
    error.hidden = true;
    result.hidden = true;
    sessionStorage.setItem("governance-key", keyInput.value);
    const answer = await fetch(base + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-API-Key": keyInput.value },
      body: JSON.stringify(body || {}),
    });
    const data = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      show(error, (data.title || "Refused") + ": " + (data.detail || answer.status));
      return;
    }
    show(result, data.words || "Done.");
    setTimeout(() => window.location.reload(), 1500);
  }

  document.querySelectorAll("button.approve").forEach((button) => {
    button.addEventListener("click", () => act("/proposals/" + button.dataset.id + "/approve"));
  });
  document.querySelectorAll("button.reject").forEach((button) => {
    button.addEventListener("click", () => {
      const reason = document.getElementById("reason-" + button.dataset.id).value;
      act("/proposals/" + button.dataset.id + "/reject", { reason: reason });
    });
  });
})();
