// Progressive enhancement only: every page works without this file.
// After htmx swaps in new content, move keyboard focus to the element that asks for it
// (usually the status message), so keyboard and screen-reader users are not left on <body>.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var focus = (target && target.querySelector && target.querySelector("[data-focus-after-swap]")) ||
    document.querySelector("[data-focus-after-swap]");
  if (focus) {
    focus.focus();
  }
});

// A form came back with errors: put keyboard focus on the error summary (it has tabindex="-1"),
// so the next Tab reaches the links to the fields in error. Without JavaScript the summary is
// still announced (role="alert") and is the first thing in the form.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
