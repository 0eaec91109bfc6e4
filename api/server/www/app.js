// cohortplan workspace: the only script, and an optional one (every form
// works without it). Copy buttons put a link on the clipboard.
"use strict";
document.addEventListener("click", function (e) {
  var b = e.target.closest("button[data-copy]");
  if (!b) return;
  var input = document.getElementById(b.getAttribute("data-copy"));
  if (!input) return;
  input.select();
  var done = function () { b.setAttribute("data-copied", "1"); b.textContent = b.getAttribute("data-done"); };
  if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () {});
  else if (document.execCommand("copy")) done();
});
document.addEventListener("submit", function (e) {
  var q = e.target.getAttribute("data-confirm");
  if (q && !window.confirm(q)) e.preventDefault();
});
