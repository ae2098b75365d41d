// Pishkhan's only script. Every page works without it; it adds small
// conveniences. No inline scripts anywhere: the content security policy
// allows scripts from this origin only.
document.addEventListener("click", function (e) {
  // A button with data-confirm asks before submitting its form.
  var b = e.target.closest("[data-confirm]");
  if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
  // data-print prints the page (the invoice's «چاپ فاکتور»).
  if (e.target.closest("[data-print]")) { e.preventDefault(); window.print(); }
});
