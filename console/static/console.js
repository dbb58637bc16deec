/* The console's one script, loaded by every page behind sign-in; the pages work without it, only less live.
   It listens to the server's events (console/routes/queue.py) on the address the page gives in <body data-events>:
   - "waiting": the conversations waiting for an agent, shown in the header;
   - "queue": a mark that moves when the queue changes; a page with a queue (#queue) then fetches its table again
     from #queue's data-rows, without a reload, keeping the reader's focus and scroll. */
(function () {
  "use strict";
  var address = document.body.dataset.events;
  if (!address || !window.EventSource) {
    return;
  }
  var queue = document.getElementById("queue");
  var fetching = false;
  var wanted = null;

  function refresh(mark) {
    wanted = mark;
    if (fetching) {
      return;
    }
    fetching = true;
    fetch(queue.dataset.rows, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) {
        if (!answer.ok || answer.redirected) {
          throw new Error("the queue did not answer: " + answer.status);
        }
        return answer.text();
      })
      .then(function (html) {
        var focused = document.activeElement && queue.contains(document.activeElement) ?
          document.activeElement.getAttribute("href") : null;
        queue.innerHTML = html;
        queue.dataset.mark = mark;
        if (focused) {
          var again = queue.querySelector('a[href="' + focused + '"]');
          if (again) {
            again.focus();
          }
        }
      })
      .catch(function () { /* the next mark tries again */ })
      .then(function () {
        fetching = false;
        if (wanted !== queue.dataset.mark) {
          refresh(wanted);
        }
      });
  }

  var events = new EventSource(address);
  events.addEventListener("waiting", function (event) {
    var count = document.getElementById("waiting-count");
    if (count) {
      count.textContent = event.data;
      count.closest(".waiting").classList.toggle("some", event.data !== "0");
    }
  });
  events.addEventListener("queue", function (event) {
    if (queue && event.data !== queue.dataset.mark) {
      refresh(event.data);
    }
  });
})();
