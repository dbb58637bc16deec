/* Live conversations (console/routes/conversations.py); the pages work without this script, only less live.
   - The list (#handoffs): its stream says when a list changed; the lists are fetched again, a conversation newly
     waiting is marked (.new), said to screen readers, counted in the tab's title and, once the agent has turned the
     sound on (a click: browsers play nothing before a gesture), announced by a short beep made with WebAudio.
   - The pane (#pane): its stream sends each new line of the transcript, appended in place, and the conversation's
     state; a state that changed (taken by someone, handed back) reloads the page, unless a message is being
     written, which is kept and the change said instead. The message box sends without a reload; a canned answer
     is inserted where the cursor is, for the agent to finish before sending. */
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }

  function sound() {
    var button = document.getElementById("sound");
    var context = null;
    var on = window.localStorage.getItem("relais.console.sound") === "on";
    if (!button || !(window.AudioContext || window.webkitAudioContext)) {
      return function () {};
    }
    button.hidden = false;
    function show() {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? document.getElementById("sound-off").textContent : button.dataset.on;
    }
    button.dataset.on = button.textContent;
    function ready() {
      if (!context) {
        context = new (window.AudioContext || window.webkitAudioContext)();
      }
      if (context.state === "suspended") {
        context.resume();
      }
    }
    function beep() {
      if (!on || !context) {
        return;
      }
      var tone = context.createOscillator();
      var gain = context.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, context.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.4);
      tone.connect(gain);
      gain.connect(context.destination);
      tone.start();
      tone.stop(context.currentTime + 0.4);
    }
    button.addEventListener("click", function () {
      on = !on;
      window.localStorage.setItem("relais.console.sound", on ? "on" : "off");
      if (on) {
        ready();
        beep();
      }
      show();
    });
    if (on) {  // turned on before: the first gesture on the page lets it play again
      document.addEventListener("pointerdown", ready, { once: true });
      document.addEventListener("keydown", ready, { once: true });
    }
    show();
    return beep;
  }

  function list(root) {
    var beep = sound();
    var announce = document.getElementById("announce");
    var title = document.title;
    var known = null;

    function waitingIds() {
      return Array.prototype.map.call(root.querySelectorAll("table.waiting tr[data-takeover]"),
        function (row) { return row.dataset.takeover; });
    }

    var refresh = window.Relais.refresher(root, function (html, waiting) {  // console.js
      root.innerHTML = html;
      cue(waiting);
    });

    function cue(waiting) {
      var fresh = waiting.filter(function (id) { return known.indexOf(id) < 0; });
      known = waiting;
      fresh.forEach(function (id) {
        var row = root.querySelector('tr[data-takeover="' + id + '"]');
        if (row) {
          row.classList.add("new");
        }
      });
      document.title = (waiting.length ? "(" + waiting.length + ") " : "") + title;
      if (fresh.length) {
        announce.textContent = fresh.length === 1 ? root.dataset.newOne :
          root.dataset.newMany.replace("{count}", fresh.length);
        beep();
      }
    }

    known = waitingIds();
    var events = new EventSource(root.dataset.stream);
    events.addEventListener("handoffs", function (event) {
      var data = JSON.parse(event.data);
      var waiting = data.waiting.map(String);
      if (data.mark !== root.dataset.mark) {
        refresh(data.mark, waiting);
      } else {
        cue(waiting);
      }
    });
  }

  function pane(root) {
    var transcript = document.getElementById("transcript");
    var box = document.getElementById("message");
    var form = document.getElementById("say");
    var changed = document.getElementById("changed");
    var last = root.dataset.last;

    function line(data) {
      if (transcript.querySelector('li[data-id="' + data.id + '"]')) {
        return;
      }
      var item = document.createElement("li");
      item.className = "line " + data.author_kind + " " + data.kind;
      item.dataset.id = data.id;
      var who = document.createElement("span");
      var labels = { requester: "authorRequester", bot: "authorBot", agent: "authorAgent", system: "authorSystem" };
      who.className = "author";
      who.textContent = (root.dataset[labels[data.author_kind]] || data.author_kind) +
        (data.author_kind === "agent" ? " (" + data.author + ")" : "") +
        (data.kind === "note" ? " · " + root.dataset.internal : "");
      var at = document.createElement("time");
      at.dateTime = data.at;
      at.textContent = new Date(data.at).toTimeString().slice(0, 5);
      var body = document.createElement("span");
      body.className = "body";
      body.textContent = data.body;
      item.append(who, " ", at, " ", body);
      transcript.append(item);
      item.scrollIntoView({ block: "nearest" });
    }

    var events = new EventSource(root.dataset.stream + "?after=" + encodeURIComponent(last));
    events.addEventListener("line", function (event) {
      line(JSON.parse(event.data));
    });
    events.addEventListener("state", function (event) {
      var data = JSON.parse(event.data);
      var state = data.status + ":" + (data.mine ? "mine" : data.agent || "");
      if (state === root.dataset.state) {
        return;
      }
      if (box && box.value.trim()) {
        changed.textContent = root.dataset.changed;
        changed.hidden = false;
        return;
      }
      events.close();
      window.location.reload();
    });

    var insert = document.getElementById("insert");
    var canned = document.getElementById("canned");
    if (insert && canned && box) {
      insert.hidden = false;
      insert.addEventListener("click", function () {
        var start = box.selectionStart, end = box.selectionEnd;
        box.value = box.value.slice(0, start) + canned.value + box.value.slice(end);
        box.focus();
        box.selectionStart = box.selectionEnd = start + canned.value.length;
      });
    }
    if (form && box) {
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!box.value.trim()) {
          return;
        }
        var sent = new FormData(form);
        fetch(form.action, { method: "POST", body: new URLSearchParams(sent), credentials: "same-origin",
                             headers: { "X-Requested-With": "fetch" } })
          .then(function (answer) {
            if (answer.status === 204) {
              box.value = "";
              box.focus();
              return null;
            }
            return answer.text().then(function (html) {
              var refusal = new DOMParser().parseFromString(html, "text/html").querySelector("[role=alert]");
              changed.textContent = refusal ? refusal.textContent : answer.statusText;
              changed.hidden = false;
            });
          })
          .catch(function () {
            changed.textContent = root.dataset.changed;
            changed.hidden = false;
          });
      });
    }
  }

  var handoffs = document.getElementById("handoffs");
  if (handoffs) {  // once console.js, which comes after this script in the page, has run
    document.addEventListener("DOMContentLoaded", function () { list(handoffs); });
  }
  var conversation = document.getElementById("pane");
  if (conversation) {
    pane(conversation);
  }
})();
