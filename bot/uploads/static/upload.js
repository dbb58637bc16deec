// The upload page: files dropped or chosen are listed, then sent together in one request (the link works once).
// Without this script the form posts the chosen files all the same.
(function () {
  "use strict";
  const words = JSON.parse(document.getElementById("words").textContent);
  const limits = JSON.parse(document.getElementById("limits").textContent);
  const form = document.getElementById("upload");
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const list = document.getElementById("chosen");
  const status = document.getElementById("status");
  const chosen = [];

  function show() {
    list.replaceChildren(...chosen.map((file, index) => {
      const item = document.createElement("li");
      item.textContent = file.name;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = words.remove;
      remove.addEventListener("click", () => { chosen.splice(index, 1); show(); });
      item.append(remove);
      return item;
    }));
  }

  function add(files) {
    for (const file of files) {
      if (chosen.length < limits.max_files) chosen.push(file);
    }
    show();
  }

  function say(lines, refused) {
    status.replaceChildren(...lines.map((line, index) => {
      const paragraph = document.createElement("p");
      paragraph.textContent = line;
      if (refused && index > 0) paragraph.className = "refused";
      return paragraph;
    }));
  }

  input.addEventListener("change", () => { add(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach((name) => drop.addEventListener(name, (event) => {
    event.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((name) => drop.addEventListener(name, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer) add(event.dataTransfer.files);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!chosen.length) { say([words.nothing]); return; }
    const body = new FormData();
    chosen.forEach((file) => body.append("files", file, file.name));
    say([words.sending]);
    let answer;
    try {
      const response = await fetch(form.action, { method: "POST", body, headers: { Accept: "application/json" } });
      answer = await response.json();
    } catch (error) {
      say([words.failed]);
      return;
    }
    if (answer.error) { say([answer.error]); return; }
    say([answer.said, ...answer.refused], true);
    if (answer.kept.length) {
      chosen.length = 0;
      show();
      drop.hidden = true;
      document.getElementById("send").hidden = true;
      const spent = document.createElement("p");
      spent.textContent = words.spent;
      status.append(spent);
    }
  });
}());
