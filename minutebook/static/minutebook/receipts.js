// Checks a receipt code in the browser: the code is hashed here (SHA-256, after the same
// normalisation the server applies) and looked up in the published table, so it never leaves
// the voter's device. Without Web Crypto (an insecure origin) the form posts as usual.
(function () {
  "use strict";
  const form = document.querySelector("[data-receipt-check]");
  if (!form || !window.crypto || !window.crypto.subtle) return;
  const verdict = document.getElementById("receipt-verdict");

  function normalize(code) {
    return code.toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  }

  async function sha256(text) {
    const bytes = new TextEncoder().encode(text);
    const digest = await window.crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.querySelector("input[name=code]");
    const digest = await sha256(normalize(input.value));
    document.querySelectorAll("tr[data-receipt]").forEach((row) => row.removeAttribute("aria-current"));
    const row = document.querySelector(`tr[data-receipt="${digest}"]`);
    verdict.textContent = "";
    const p = document.createElement("p");
    if (row) {
      row.setAttribute("aria-current", "true");
      p.className = "notice ok";
      p.textContent = "Your ballot is on the list and was counted as: " + row.cells[1].textContent + ".";
    } else {
      p.className = "notice danger";
      p.textContent = "No ballot has this receipt. Check the code you typed; if it is right, tell the chair or the secretary.";
    }
    verdict.appendChild(p);
  });
})();
