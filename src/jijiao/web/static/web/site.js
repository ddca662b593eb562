// Small progressive enhancements; every page works without them.
document.addEventListener("click", function (event) {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopPropagation();
  }
});

// Tables become cards on a phone (site.css): each cell is labelled with its column's name, a
// cell holding only buttons or forms is the row's actions (shown first), an empty one is hidden.
function labelTables(root) {
  root.querySelectorAll(".page table").forEach(function (table) {
    const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    const names = [];
    if (head) {
      Array.from(head.cells).forEach(function (cell) {
        for (let i = 0; i < (cell.colSpan || 1); i++) names.push(cell.textContent.trim());
      });
    }
    Array.from(table.tBodies).forEach(function (body) {
      Array.from(body.rows).forEach(function (row) {
        let column = 0;
        Array.from(row.cells).forEach(function (cell) {
          const name = names[column];
          column += cell.colSpan || 1;
          if (name && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", name);
          if (!cell.textContent.trim() && !cell.querySelector("input, select, img, button, a")) {
            cell.classList.add("cell-empty");
          } else if (!name && cell.querySelector("button, a, form")) {
            cell.classList.add("cell-actions");
          }
        });
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { labelTables(document); });
document.addEventListener("htmx:afterSwap", function () { labelTables(document); });

// A form that acts on ticked rows says so at its button when nothing is ticked (the server says
// the same after a reload, at the top of the page, where a phone's reader may not look).
document.addEventListener("submit", function (event) {
  const form = event.target;
  const name = form.getAttribute && form.getAttribute("data-needs-checked");
  if (!name || form.querySelector('input[name="' + name + '"]:checked')) return;
  event.preventDefault();
  const note = form.querySelector(".needs-checked");
  if (note) note.textContent = form.getAttribute("data-needs-checked-message");
});
