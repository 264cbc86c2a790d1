// Show the registration authority that the chosen legal form implies (登记和备案办法 Art. 4–5).
(function () {
  "use strict";
  var hint = document.getElementById("registration-authority");
  var select = document.getElementById("id_legal_form");
  if (!hint || !select) return;
  var authorities = JSON.parse(hint.getAttribute("data-authorities") || "{}");
  var target = hint.querySelector("[data-authority-name]");
  function update() {
    target.textContent = authorities[select.value] || "—";
  }
  select.addEventListener("change", update);
  update();
})();
