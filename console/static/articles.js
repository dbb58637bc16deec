/* The article editor's live preview (console/routes/articles.py): as the editor types, the Markdown is sent to the
   server's preview (the same rendering as the page's first one, raw HTML escaped there) and its answer replaces
   the preview, at most one request at a time, the latest text winning. The token of the page's form goes as
   X-CSRF-Token. Without this script the page still works: the preview is the one of the last save. */
(function () {
  "use strict";
  var source = document.querySelector("textarea[data-preview]");
  if (!source) {
    return;
  }
  var into = document.getElementById(source.dataset.into);
  var token = source.form.querySelector("input[name=csrf_token]").value;
  var timer = null;
  var busy = false;
  var again = false;

  function send() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    var body = new URLSearchParams();
    body.set("body", source.value);
    fetch(source.dataset.preview, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRF-Token": token, Accept: "text/html" }
    }).then(function (answer) {
      if (!answer.ok || answer.redirected) {
        throw new Error("the preview did not answer: " + answer.status);
      }
      return answer.text();
    }).then(function (html) {
      into.innerHTML = html; /* the server's rendering: escaped there, never the raw text */
      into.dataset.fresh = String(Date.now());
    }).catch(function () { /* the last preview stays; the next keystroke tries again */ })
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          send();
        }
      });
  }

  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(send, 250);
  });
})();
