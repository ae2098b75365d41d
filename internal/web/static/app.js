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

// The upload queue («صف بارگزاری», the ISP guide's documents page): files
// chosen with «افزودن فایل» are added to a queue shown with their size;
// «شروع بارگزاری» sends the queue with its progress in percent. Without
// the script the same form sends the chosen files with «ارسال مدارک».
(function () {
  var fa = function (s) { return String(s).replace(/\d/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }); };
  var queues = new WeakMap();
  function render(form) {
    var dt = queues.get(form);
    var body = form.querySelector("[data-queue] tbody");
    body.textContent = "";
    Array.prototype.forEach.call(dt.files, function (f) {
      var tr = document.createElement("tr");
      [f.name, "در صف", fa(Math.max(1, Math.round(f.size / 1024))) + " KB"].forEach(function (v, i) {
        var td = document.createElement("td");
        td.textContent = v;
        if (i === 1) td.setAttribute("data-status", "");
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    form.querySelector("[data-queue]").hidden = dt.files.length === 0;
    form.querySelector("[data-upload-start]").hidden = dt.files.length === 0;
  }
  document.addEventListener("change", function (e) {
    var input = e.target;
    var form = input.closest && input.closest("form[data-upload-queue]");
    if (!form || input.type !== "file" || typeof DataTransfer === "undefined") return;
    var dt = queues.get(form) || new DataTransfer();
    Array.prototype.forEach.call(input.files, function (f) { dt.items.add(f); });
    queues.set(form, dt);
    input.files = dt.files; // the plain submit sends the whole queue too
    render(form);
  });
  document.addEventListener("click", function (e) {
    var start = e.target.closest("[data-upload-start]");
    if (!start) return;
    var form = start.closest("form[data-upload-queue]");
    var cells = form.querySelectorAll("[data-status]");
    var show = function (text) { Array.prototype.forEach.call(cells, function (c) { c.textContent = text; }); };
    var error = form.querySelector("[data-queue-error]");
    error.hidden = true;
    start.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable) show(fa(Math.round((100 * ev.loaded) / ev.total)) + "٪");
    };
    xhr.onload = function () {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var problem = xhr.status >= 400 && page.querySelector(".flash-error:not([data-queue-error]), .field-error");
      if (problem) {
        show("ناموفق");
        error.textContent = problem.textContent;
        error.hidden = false;
        start.disabled = false;
        return;
      }
      show("ارسال شد");
      window.location.assign(xhr.responseURL || form.action);
    };
    xhr.onerror = function () { show("ناموفق"); start.disabled = false; };
    xhr.send(new FormData(form));
  });
})();

// A table too wide for the screen scrolls inside its box (.table-wrap,
// .card, main: app.css). A box that scrolls is put in the tab order and
// named after its heading, so that keyboard users can scroll it too
// (WCAG 2.1.1; axe's scrollable-region-focusable). Boxes that fit are
// left alone, so the tab order stays short on a wide screen.
(function () {
  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap, .card, main"), function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && el.tagName === "MAIN") {
        el.setAttribute("tabindex", "0"); // a landmark already: keep its role and name
      } else if (scrolls && !el.hasAttribute("tabindex")) {
        var box = el.closest("section, .card") || el;
        var h = el.querySelector("caption") || box.querySelector("h1, h2, h3");
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", (h ? h.textContent.trim() + " — " : "") + "جدول؛ برای دیدن همه ستون‌ها افقی پیمایش کنید");
        el.setAttribute("data-scroll-marked", "");
      } else if (!scrolls && el.hasAttribute("data-scroll-marked")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
        el.removeAttribute("data-scroll-marked");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
