/* The console's one script, loaded by every page behind sign-in; the pages work without it, only less live.
   It listens to the server's events (console/routes/queue.py) on the address the page gives in <body data-events>:
   - "waiting": the conversations waiting for an agent, shown in the header;
   - "queue": a mark that moves when the queue changes; a page with a queue (#queue) then fetches its table again
     from #queue's data-rows, without a reload, keeping the reader's focus and scroll.
   window.Relais.refresher is that fetch-again, which conversations.js uses for its lists too. */
(function () {
  "use strict";

  /* A fragment of the page fetched again from root's data-rows when its mark moves, one fetch at a time: a mark
     that comes during a fetch is fetched after it, the latest one only. `fill(html, extra)` puts the fragment in;
     root's data-mark then says which mark it shows. The queue below and the conversations' lists
     (conversations.js) both refresh this way. */
  function refresher(root, fill) {
    var fetching = false;
    var wanted = null;
    var wantedExtra = null;
    function refresh(mark, extra) {
      wanted = mark;
      wantedExtra = extra;
      if (fetching) {
        return;
      }
      fetching = true;
      fetch(root.dataset.rows, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (answer) {
          if (!answer.ok || answer.redirected) {
            throw new Error("the page did not answer: " + answer.status);
          }
          return answer.text();
        })
        .then(function (html) {
          fill(html, extra);
          root.dataset.mark = mark;
        })
        .catch(function () { /* the next mark tries again */ })
        .then(function () {
          fetching = false;
          if (wanted !== root.dataset.mark) {
            refresh(wanted, wantedExtra);
          }
        });
    }
    return refresh;
  }
  window.Relais = { refresher: refresher };

  var address = document.body.dataset.events;
  if (!address || !window.EventSource) {
    return;
  }
  var queue = document.getElementById("queue");
  var refresh = queue && refresher(queue, function (html) {
    var focused = document.activeElement && queue.contains(document.activeElement) ?
      document.activeElement.getAttribute("href") : null;
    queue.innerHTML = html;
    if (focused) {
      var again = queue.querySelector('a[href="' + focused + '"]');
      if (again) {
        again.focus();
      }
    }
  });

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
