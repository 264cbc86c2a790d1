// Review page: quick marking of sections and documents. Works without it; it only saves clicks.
(function () {
  "use strict";
  var markAll = document.getElementById("mark-all-fine");
  if (markAll) {
    markAll.addEventListener("click", function () {
      document.querySelectorAll(".verdict-box").forEach(function (box) {
        if (!box.querySelector("input.verdict:checked")) {
          var fine = box.querySelector('input.verdict[value="ok"]');
          if (fine) fine.checked = true;
        }
      });
    });
  }
  // Asking for a correction without saying what to correct is refused: put the cursor in the comment box.
  document.querySelectorAll('input.verdict[value="correct"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      var box = radio.closest(".verdict-box");
      var comment = box && box.querySelector("textarea.comment");
      if (comment) {
        comment.required = true;
        comment.focus();
      }
    });
  });
})();
