// zhunru: confirmation before destructive actions (buttons with data-confirm). No inline scripts.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
document.querySelectorAll("details.menu").forEach(function (d) {
  if (window.matchMedia("(min-width: 48rem)").matches) d.open = true;
});
