// "Add a row" for Django formsets: clone the empty form kept in a <template> and renumber it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var rows = document.querySelector('[data-formset-rows="' + prefix + '"]');
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select");
    if (first) first.focus();
  });
})();
