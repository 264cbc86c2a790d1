// The inspection form on site: progress counts, "mark the rest compliant", a note for non-compliant items,
// and a confirmation before the inspection is locked. The form works without it; this only saves taps.
(function () {
  "use strict";
  var form = document.getElementById("inspection-form");
  if (!form) return;

  function answered(item) {
    return !!item.querySelector("input.outcome:checked");
  }

  function refresh() {
    var total = 0;
    form.querySelectorAll(".check-category").forEach(function (category) {
      var items = category.querySelectorAll(".item-check");
      var done = 0;
      items.forEach(function (item) {
        if (answered(item)) done += 1;
      });
      total += done;
      var badge = category.querySelector(".category-progress");
      if (badge) {
        badge.querySelector(".answered").textContent = String(done);
        var complete = done === items.length;
        badge.classList.toggle("text-bg-success", complete);
        badge.classList.toggle("text-bg-light", !complete);
        badge.classList.toggle("border", !complete);
      }
    });
    var counter = document.getElementById("progress-answered");
    if (counter) counter.textContent = String(total);
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList.contains("outcome")) {
      var item = target.closest(".item-check");
      var note = item && item.querySelector("textarea.note");
      if (note) {
        note.required = target.value === "non_compliant";
        if (note.required && !note.value.trim()) note.focus();
      }
      refresh();
    }
  });

  var markRest = document.getElementById("mark-rest-compliant");
  if (markRest) {
    markRest.classList.remove("d-none");
    markRest.addEventListener("click", function () {
      form.querySelectorAll(".item-check").forEach(function (item) {
        if (!answered(item)) {
          var compliant = item.querySelector('input.outcome[value="compliant"]');
          if (compliant) compliant.checked = true;
        }
      });
      refresh();
    });
  }

  var finish = document.getElementById("finish-inspection");
  if (finish) {
    finish.addEventListener("click", function (event) {
      var question = finish.getAttribute("data-confirm");
      if (question && !window.confirm(question)) event.preventDefault();
    });
  }
})();
