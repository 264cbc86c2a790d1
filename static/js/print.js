// Buttons marked data-print open the browser's print dialog (the CSP forbids inline handlers).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });
})();
