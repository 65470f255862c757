/* The error summary of a failed form (components/error_summary.html): focus it where the
   browser ignores `autofocus` on it, and let its links move the focus into the field, with
   the field's label in view. Without JavaScript the links still lead to the fields. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  if (!document.activeElement || document.activeElement === document.body) {
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var group = field.closest("fieldset, .form-field") || field;
    group.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
}());
