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
