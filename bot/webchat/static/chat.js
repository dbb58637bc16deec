// Relais web chat: plain JavaScript, no build step, nothing loaded from elsewhere.
// The session id (a UUID) and the transcript stay in this browser's localStorage; what arrives later
// (an agent's reply, a notification) comes over a server-sent event stream that resumes where it left off.
"use strict";

(function () {
  const STRINGS = {
    fr: {
      subtitle: "Support informatique",
      restart: "Nouvelle conversation",
      typing: "Relais écrit…",
      label: "Votre message",
      placeholder: "Décrivez votre problème ou posez votre question…",
      send: "Envoyer",
      hint: "Entrée pour envoyer, Maj+Entrée pour aller à la ligne.",
      welcome: "Bonjour ! Je suis Relais, l'assistant du support informatique. Décrivez votre problème, "
        + "je vous aide ou je le transmets à un technicien.",
      you: "Vous",
      bot: "Relais",
      agent: "Technicien",
      system: "Information",
      connected: "En ligne",
      connecting: "Connexion…",
      offline: "Hors ligne — nouvelle tentative…",
      empty: "Écrivez un message avant d'envoyer.",
      tooLong: "Votre message est trop long (4000 caractères au plus) : raccourcissez-le ou envoyez-le en plusieurs fois.",
      invalid: "Ce message n'a pas pu être envoyé. Rechargez la page et réessayez.",
      unreachable: "Le service ne répond pas pour le moment. Votre message n'est pas parti : réessayez dans un instant.",
      notSent: "Non envoyé",
      chosen: "Choix : ",
      buttons: "Réponses possibles",
      image: "Image",
      confirmRestart: "Commencer une nouvelle conversation ? L'historique affiché sera effacé.",
    },
    en: {
      subtitle: "IT support",
      restart: "New conversation",
      typing: "Relais is typing…",
      label: "Your message",
      placeholder: "Describe your problem or ask a question…",
      send: "Send",
      hint: "Enter to send, Shift+Enter for a new line.",
      welcome: "Hello! I'm Relais, the IT support assistant. Describe your problem: I'll help you or pass it "
        + "on to a technician.",
      you: "You",
      bot: "Relais",
      agent: "Technician",
      system: "Notice",
      connected: "Online",
      connecting: "Connecting…",
      offline: "Offline — retrying…",
      empty: "Write a message before sending.",
      tooLong: "Your message is too long (4000 characters at most): shorten it or send it in several parts.",
      invalid: "This message could not be sent. Reload the page and try again.",
      unreachable: "The service isn't answering right now. Your message was not sent: please try again in a moment.",
      notSent: "Not sent",
      chosen: "Chosen: ",
      buttons: "Possible answers",
      image: "Image",
      confirmRestart: "Start a new conversation? The history shown here will be cleared.",
    },
  };
  const MAX_TEXT = 4000;
  const KEEP = 200; // messages of the transcript kept in localStorage
  const RETRIES = 3; // a message whose answer was lost is sent again, with the same id: answered once

  const languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "fr"];
  const lang = String(languages[0] || "fr").toLowerCase().startsWith("fr") ? "fr" : "en";
  const t = STRINGS[lang];
  const key = document.body.dataset.key;
  const store = "relais.webchat." + key + ".";

  const $ = (id) => document.getElementById(id);
  const log = $("messages");
  const form = $("composer");
  const input = $("text");
  const sendButton = $("send");
  const errorBox = $("error");
  const statusBox = $("status");
  const typing = $("typing");

  let session = null;
  let transcript = [];
  let lastEventId = null;
  let seen = new Set();
  let stream = null;
  let reopenTimer = null;
  let pending = 0;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16)); // version 4, as randomUUID() outside secure pages
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function load(name, fallback) {
    try {
      const value = localStorage.getItem(store + name);
      return value === null ? fallback : JSON.parse(value);
    } catch (error) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      localStorage.setItem(store + name, JSON.stringify(value));
    } catch (error) {
      // private browsing or a full storage: the chat still works, it just won't be restored
    }
  }

  function translatePage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-text]").forEach((node) => { node.textContent = t[node.dataset.text]; });
    input.placeholder = t.placeholder;
    log.setAttribute("aria-label", "Conversation");
  }

  // --- rendering --------------------------------------------------------------------------------------

  function linkified(text) {
    const fragment = document.createDocumentFragment();
    const pattern = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      fragment.append(text.slice(last, match.index));
      const link = document.createElement("a");
      link.href = match[0];
      link.textContent = match[0];
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      fragment.append(link);
      last = match.index + match[0].length;
    }
    fragment.append(text.slice(last));
    return fragment;
  }

  function authorName(entry) {
    if (entry.who === "user") return t.you;
    if (entry.author === "agent") return entry.author_name || t.agent;
    if (entry.author === "system") return t.system;
    return t.bot;
  }

  function time(stamp) {
    try {
      return new Date(stamp).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
    } catch (error) {
      return "";
    }
  }

  function render(entry, index) {
    const item = document.createElement("div");
    const kind = entry.who === "user" ? "user" : (entry.author || "bot");
    item.className = "message " + kind + (entry.failed ? " failed" : "");
    item.dataset.index = String(index);

    const meta = document.createElement("p");
    meta.className = "meta";
    const name = document.createElement("span");
    name.className = "author";
    name.textContent = authorName(entry);
    meta.append(name);
    if (entry.at) {
      const when = document.createElement("time");
      when.dateTime = new Date(entry.at).toISOString();
      when.textContent = time(entry.at);
      meta.append(" ", when);
    }
    item.append(meta);

    if (entry.text) {
      const bubble = document.createElement("p");
      bubble.className = "bubble";
      bubble.append(linkified(entry.text));
      item.append(bubble);
    }
    if (entry.image && /^https?:\/\//.test(entry.image)) {
      const image = document.createElement("img");
      image.src = entry.image;
      image.alt = entry.text ? "" : t.image;
      image.loading = "lazy";
      item.append(image);
    }
    if (entry.buttons && entry.buttons.length) {
      const group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", t.buttons);
      entry.buttons.forEach((button) => {
        const choice = document.createElement("button");
        choice.type = "button";
        choice.className = "choice";
        choice.textContent = button.title;
        choice.disabled = Boolean(entry.answered);
        if (entry.answered && entry.chosen === button.payload) {
          choice.classList.add("chosen");
          choice.setAttribute("aria-label", t.chosen + button.title);
        }
        choice.addEventListener("click", () => choose(index, button));
        group.append(choice);
      });
      item.append(group);
    }
    if (entry.failed) {
      const failed = document.createElement("p");
      failed.className = "failed-note";
      failed.textContent = t.notSent;
      item.append(failed);
    }
    return item;
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    entry.at = entry.at || Date.now();
    transcript.push(entry);
    log.append(render(entry, transcript.length - 1));
    persist();
    scrollDown();
    return transcript.length - 1;
  }

  function refresh(index) {
    const old = log.querySelector('[data-index="' + index + '"]');
    if (old) old.replaceWith(render(transcript[index], index));
    persist();
  }

  function persist() {
    const kept = transcript.slice(-KEEP);
    save(session + ".transcript", kept);
  }

  function redraw() {
    log.replaceChildren();
    if (!transcript.length) {
      const welcome = render({ who: "bot", author: "bot", text: t.welcome }, -1);
      welcome.classList.add("welcome");
      log.append(welcome);
    }
    transcript.forEach((entry, index) => log.append(render(entry, index)));
    scrollDown();
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function setStatus(state) {
    statusBox.dataset.state = state;
    statusBox.textContent = t[state];
  }

  function busy(change) {
    pending += change;
    typing.hidden = pending === 0;
    if (pending) scrollDown();
  }

  // --- talking to the server -------------------------------------------------------------------------

  function reasonOf(status, body) {
    if (status === 422) {
      const details = body && Array.isArray(body.detail) ? body.detail : [];
      if (details.some((d) => d.type === "string_too_long")) return t.tooLong;
      return t.invalid;
    }
    if (status === 404 && body && body.detail && body.detail[lang]) return body.detail[lang];
    return t.unreachable;
  }

  class Refused extends Error {} // the server said no (invalid message, unknown key): sending again won't help

  async function post(message) {
    const body = JSON.stringify({ key: key, session: session, client_message_id: uuid(), ...message });
    let lastError = t.unreachable;
    for (let attempt = 0; attempt < RETRIES; attempt += 1) {
      try {
        const response = await fetch("/webchat/api/messages", {
          method: "POST", headers: { "Content-Type": "application/json" }, body: body,
        });
        const answer = await response.json().catch(() => null);
        if (response.ok) return answer;
        if (response.status < 500) throw new Refused(reasonOf(response.status, answer));
        lastError = reasonOf(response.status, answer);
      } catch (error) {
        if (error instanceof Refused) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 700 * (attempt + 1)));
    }
    throw new Refused(lastError);
  }

  async function deliver(entryIndex, message) {
    showError("");
    busy(+1);
    try {
      const answer = await post(message);
      (answer.messages || []).forEach((reply) => add({ who: "bot", ...reply }));
    } catch (error) {
      transcript[entryIndex].failed = true;
      refresh(entryIndex);
      showError(error.message || t.unreachable);
    } finally {
      busy(-1);
    }
  }

  function submit(event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      showError(t.empty);
      input.focus();
      return;
    }
    if (text.length > MAX_TEXT) {
      showError(t.tooLong);
      return;
    }
    input.value = "";
    autosize();
    const index = add({ who: "user", text: text });
    deliver(index, { text: text });
    input.focus();
  }

  function choose(index, button) {
    const entry = transcript[index];
    if (!entry || entry.answered) return;
    entry.answered = true;
    entry.chosen = button.payload;
    refresh(index);
    const said = add({ who: "user", text: button.title });
    deliver(said, { payload: button.payload, title: button.title });
    input.focus();
  }

  function received(event) {
    if (event.lastEventId && seen.has(event.lastEventId)) return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    if (event.lastEventId) {
      seen.add(event.lastEventId);
      lastEventId = event.lastEventId;
      save(session + ".last", lastEventId);
    }
    add({ who: "bot", ...message });
  }

  function follow() {
    if (stream) stream.close();
    clearTimeout(reopenTimer);
    setStatus("connecting");
    const query = new URLSearchParams({ key: key, session: session });
    if (lastEventId) query.set("after", lastEventId);
    stream = new EventSource("/webchat/api/stream?" + query.toString());
    stream.addEventListener("open", () => setStatus("connected"));
    stream.addEventListener("message", received);
    stream.addEventListener("error", () => {
      setStatus("offline");
      if (stream.readyState === EventSource.CLOSED) reopenTimer = setTimeout(follow, 5000);
    });
  }

  function start(newSession) {
    session = newSession;
    save("session", session);
    transcript = load(session + ".transcript", []);
    lastEventId = load(session + ".last", null);
    seen = new Set();
    redraw();
    follow();
  }

  function restart() {
    if (transcript.length && !window.confirm(t.confirmRestart)) return;
    try {
      localStorage.removeItem(store + session + ".transcript");
      localStorage.removeItem(store + session + ".last");
    } catch (error) {
      // nothing kept, nothing to clear
    }
    showError("");
    start(uuid());
    input.focus();
  }

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 160) + "px";
  }

  translatePage();
  form.addEventListener("submit", submit);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => { autosize(); if (input.value.trim()) showError(""); });
  $("restart").addEventListener("click", restart);
  start(load("session", null) || uuid());
  input.focus();
})();
