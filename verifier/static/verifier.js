// The employer's page: load an uploaded package into the form, and create challenges.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const file = document.getElementById("package-file");
  const text = document.getElementById("package");
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    if (chosen) {
      text.value = await chosen.text();
    }
  });

  const button = document.getElementById("new-challenge");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const response = await fetch(button.dataset.url, { method: "POST" });
      if (!response.ok) {
        throw new Error("the verifier refused to create a challenge");
      }
      const issued = await response.json();
      document.getElementById("challenge-value").textContent = issued.challenge;
      document.getElementById("challenge-domain").textContent = issued.domain;
      document.getElementById("challenge-expires").textContent =
        new Date(issued.expires_at * 1000).toLocaleString();
      document.getElementById("challenge-out").hidden = false;
    } catch (error) {
      alert(error.message);
    } finally {
      button.disabled = false;
    }
  });
});
