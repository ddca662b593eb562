// The application form: add and remove schedule rows, switch a row's teacher between a person
// of the unit and an external teacher, and pick a person from the search results. Without this
// script the form still works: "添加一行" goes to the server, the delete box is ticked by hand,
// and a typed name is looked up when the form is saved.
(function () {
  "use strict";
  const form = document.getElementById("application-form");
  if (!form) return;
  const rows = document.getElementById("course-rows");
  const template = document.getElementById("course-row-template");
  const total = form.querySelector('input[name="courses-TOTAL_FORMS"]');

  function changed() {
    form.dispatchEvent(new Event("rows-changed", { bubbles: true }));
  }

  function applySource(row) {
    const select = row.querySelector('select[name$="-teacher_source"]');
    if (select) row.dataset.source = select.value;
  }

  function number() {
    let n = 0;
    rows.querySelectorAll(".course-row").forEach(function (row) {
      if (row.hidden) return;
      n += 1;
      const legend = row.querySelector("legend");
      if (legend) legend.textContent = "课程第 " + n + " 行";
    });
  }

  function prepare(row) {
    applySource(row);
    const box = row.querySelector('input[name$="-DELETE"]');
    if (box) {
      box.closest(".row-delete").classList.add("with-script");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link remove-course-row";
      button.textContent = "删除此行";
      box.closest(".row-delete").appendChild(button);
    }
  }

  rows.querySelectorAll(".course-row").forEach(prepare);
  number();

  const add = document.getElementById("add-course-row");
  if (add && template && total) {
    add.addEventListener("click", function (event) {
      event.preventDefault();
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      prepare(row);
      number();
      if (window.htmx) window.htmx.process(row);
      const first = row.querySelector("input, select");
      if (first) first.focus();
    });
  }

  form.addEventListener("change", function (event) {
    const row = event.target.closest(".course-row");
    if (row && event.target.name && event.target.name.endsWith("-teacher_source")) applySource(row);
  });

  form.addEventListener("input", function (event) {
    // Typing a new name forgets the person picked before; saving looks the name up again.
    if (event.target.classList.contains("teacher-query")) {
      const hidden = event.target.closest(".course-row").querySelector('input[name$="-teacher_person"]');
      if (hidden) hidden.value = "";
    }
  });

  form.addEventListener("click", function (event) {
    const pick = event.target.closest(".pick-teacher");
    if (pick) {
      const row = pick.closest(".course-row");
      row.querySelector('input[name$="-teacher_person"]').value = pick.dataset.person;
      row.querySelector(".teacher-query").value = pick.dataset.label;
      row.querySelector(".teacher-results").innerHTML = "";
      changed();
      return;
    }
    const remove = event.target.closest(".remove-course-row");
    if (remove) {
      const row = remove.closest(".course-row");
      row.querySelector('input[name$="-DELETE"]').checked = true;
      row.hidden = true;
      number();
      changed();
    }
  });
})();
