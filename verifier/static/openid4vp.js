// The employer's page, OpenID4VP: create a request, show its QR code and link, poll, show the report.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("oid4vp-form");
  if (!form) {
    return;
  }
  const status = document.getElementById("oid4vp-status");

  async function poll(made) {
    const response = await fetch(made.status_url, { cache: "no-store" });
    const answer = response.ok ? await response.json() : { status: "unknown" };
    if (answer.status === "answered" && answer.verdict === "declined") {
      status.textContent = "the candidate's wallet declined (" + answer.error + ")";
      return;
    }
    if (answer.status === "answered") {
      window.location.assign(made.report_url);
      return;
    }
    if (answer.status === "pending") {
      setTimeout(() => poll(made), 1000);
      return;
    }
    status.textContent = answer.status === "expired"
      ? "the request expired: create a new one"
      : "the request is unknown to this verifier";
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = document.getElementById("oid4vp-create");
    button.disabled = true;
    const levels = [...form.querySelectorAll("input[name=levels]:checked")]
      .map((box) => Number(box.value));
    const body = {
      types: [document.getElementById("oid4vp-type").value],
      outcome: document.getElementById("oid4vp-outcome").value,
      field: document.getElementById("oid4vp-field").value,
      levels,
      same_device: document.getElementById("oid4vp-same-device").checked,
    };
    try {
      const response = await fetch(form.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || "the verifier refused to create the request");
      }
      const made = await response.json();
      document.getElementById("oid4vp-qr").src = made.qr_url;
      const link = document.getElementById("oid4vp-link");
      link.href = made.link;
      link.dataset.byReference = made.link_by_reference;
      link.dataset.transaction = made.transaction;
      document.getElementById("oid4vp-out").hidden = false;
      status.textContent = "waiting for the candidate's wallet";
      poll(made);
    } catch (error) {
      status.textContent = error.message;
      document.getElementById("oid4vp-out").hidden = false;
    } finally {
      button.disabled = false;
    }
  });
});
