// The progress review page: its "Print / save as PDF" button opens the browser's print
// dialogue (a static file, as the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  var button = document.getElementById("review-print");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
