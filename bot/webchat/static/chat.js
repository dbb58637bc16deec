// Relais web chat: plain JavaScript, no build step, nothing loaded from elsewhere.
// Before saying anything the page gets a page token (POST /webchat/api/sessions): for the user the client's site
// vouches for (window.relaisChat.user, or user_id/email/name/user_hash in the URL's fragment or query), for the
// person of its previous token, or for a new anonymous session, as the client allows; or the user signs in with
// the client's identity provider and comes back with a token in the URL's fragment. The token is sent with
// every message; the stream is opened with a one-minute ticket got with it. An anonymous session's token and
// transcript stay in localStorage (the session survives the tab), a signed-in person's in sessionStorage (gone
// with the tab, on a shared computer too). What arrives later (an agent's reply, a notification) comes over a
// server-sent event stream that resumes where it left off.
"use strict";

(function () {
  // The page's words by language (page.* in the bot's catalogue, bot/texts/page.py): the door writes them in
  // when it serves this file.
  const STRINGS = /*{{texts}}*/ {};
  const MAX_TEXT = Number(document.body.dataset.maxChars) || 4000; // the server's MAX_MESSAGE_CHARS
  const KEEP = 200; // messages of the transcript kept in the browser
  const RETRIES = 3; // a message whose answer was lost is sent again, with the same id: answered once

  // The reader's language, else the page's (the door writes the client's), else the desk's; a third one reads English.
  const fallback = document.documentElement.lang || "fr";
  const languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const lang = String(languages[0] || fallback).toLowerCase().startsWith("fr") ? "fr" : "en";
  const t = STRINGS[lang];
  const embed = window.relaisChat || {}; // the embedding page's snippet, when it hosts this script itself
  const key = document.body.dataset.key || embed.key;
  const modes = (document.body.dataset.modes || "").split(/\s+/).filter(Boolean);
  const store = "relais.webchat." + key + ".";

  const $ = (id) => document.getElementById(id);
  const log = $("messages");
  const form = $("composer");
  const input = $("text");
  const sendButton = $("send");
  const errorBox = $("error");
  const statusBox = $("status");
  const typing = $("typing");
  const lockedBox = $("locked");

  let auth = null; // {token, session, mode, name, email, expires}: what the server issued this page
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

  function area(mode) {
    return (mode || (auth && auth.mode)) === "anonymous" ? localStorage : sessionStorage;
  }

  function load(name, fallback) {
    try {
      const value = area().getItem(store + name);
      return value === null ? fallback : JSON.parse(value);
    } catch (error) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      area().setItem(store + name, JSON.stringify(value));
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
      failed.textContent = t.not_sent;
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
      if (details.some((d) => d.type === "string_too_long")) return t.too_long.replace("{max}", MAX_TEXT);
      return t.invalid;
    }
    if (body && body.detail && body.detail[lang]) return body.detail[lang]; // unknown key, too many requests
    return t.unreachable;
  }

  class Refused extends Error {} // the server said no (invalid message, unknown key): sending again won't help

  function authorised(headers) {
    return auth ? { ...headers, Authorization: "Bearer " + auth.token } : headers;
  }

  // The server no longer knows this page's token (expired, or for another conversation): nothing more can be
  // sent until the page is reloaded, or the user signs in.
  function lock(text) {
    forget();
    if (stream) stream.close();
    clearTimeout(reopenTimer);
    setStatus("offline");
    $("locked-text").textContent = text || t.session_lost;
    $("locked-sign-in").hidden = !modes.includes("oidc");
    lockedBox.hidden = false;
    input.disabled = true;
    sendButton.disabled = true;
    showError("");
  }

  async function post(message) {
    const body = JSON.stringify({ key: key, session: session, client_message_id: uuid(), ...message });
    let lastError = t.unreachable;
    for (let attempt = 0; attempt < RETRIES; attempt += 1) {
      try {
        const response = await fetch("/webchat/api/messages", {
          method: "POST", headers: authorised({ "Content-Type": "application/json" }), body: body,
        });
        const answer = await response.json().catch(() => null);
        if (response.ok) return answer;
        if (response.status === 401) {
          lock(reasonOf(response.status, answer));
          throw new Refused(reasonOf(response.status, answer));
        }
        // 429 or 413 with messages: received and kept, not read (a flood, a message too long); they say why
        if (answer && Array.isArray(answer.messages)) return answer;
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
      if (lockedBox.hidden) showError(error.message || t.unreachable); // a locked page says it once, there
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
      showError(t.too_long.replace("{max}", MAX_TEXT));
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

  // A ticket for a minute, asked with the page token each time the stream (re)opens: EventSource can't send
  // the token itself, and a ticket seen in a log a minute later opens nothing.
  async function follow() {
    if (stream) stream.close();
    clearTimeout(reopenTimer);
    if (!auth) return;
    const following = auth;
    setStatus("connecting");
    let ticket = null;
    try {
      const response = await fetch("/webchat/api/stream-tickets", {
        method: "POST", headers: authorised({ "Content-Type": "application/json" }),
        body: JSON.stringify({ key: key, session: session }),
      });
      const answer = await response.json().catch(() => null);
      if (response.status === 401) {
        lock(reasonOf(response.status, answer));
        return;
      }
      if (response.ok && answer) ticket = answer.ticket;
    } catch (error) {
      // the network: try again in a moment
    }
    if (auth !== following) return; // a new session started meanwhile
    if (!ticket) {
      setStatus("offline");
      reopenTimer = setTimeout(follow, 5000);
      return;
    }
    const query = new URLSearchParams({ key: key, session: session, ticket: ticket });
    if (lastEventId) query.set("after", lastEventId);
    stream = new EventSource("/webchat/api/stream?" + query.toString());
    const opened = stream;
    stream.addEventListener("open", () => setStatus("connected"));
    stream.addEventListener("message", received);
    stream.addEventListener("error", () => {
      if (stream !== opened) return;
      setStatus("offline");
      if (opened.readyState === EventSource.CLOSED) reopenTimer = setTimeout(follow, 5000);
    });
  }

  // --- the page's token ------------------------------------------------------------------------------

  function keep(issued) {
    try {
      const other = issued.mode === "anonymous" ? sessionStorage : localStorage;
      other.removeItem(store + "auth"); // one token per key, where its mode keeps it
      area(issued.mode).setItem(store + "auth", JSON.stringify(issued));
    } catch (error) {
      // not kept: this page still works
    }
  }

  function stored() {
    for (const where of [sessionStorage, localStorage]) {
      try {
        const value = JSON.parse(where.getItem(store + "auth") || "null");
        if (value && value.token && value.session) return value;
      } catch (error) {
        // unreadable: as if absent
      }
    }
    return null;
  }

  function forget() {
    [sessionStorage, localStorage].forEach((where) => {
      try {
        where.removeItem(store + "auth");
      } catch (error) {
        // nothing kept
      }
    });
  }

  // What the embedding site says of its signed-in user (the URL's fragment, which no server sees, or for a
  // quick demo its query), or what the identity provider sent back (a token in the fragment: taken out of the
  // address bar at once, so that it is neither bookmarked nor shared).
  function fromAddress() {
    const found = new URLSearchParams(location.hash.slice(1));
    const query = new URLSearchParams(location.search);
    ["user_id", "email", "name", "user_hash"].forEach((name) => {
      if (!found.has(name) && query.has(name)) found.set(name, query.get(name));
    });
    if (found.has("token")) history.replaceState(null, "", location.pathname + location.search);
    return found;
  }

  function siteUser(found) {
    const user = embed.user || null;
    if (user && user.id && user.hash) {
      return { id: String(user.id), email: user.email || null, name: user.name || null, hash: String(user.hash) };
    }
    if (found.get("user_id") && found.get("user_hash")) {
      return { id: found.get("user_id"), email: found.get("email") || null, name: found.get("name") || null,
        hash: found.get("user_hash") };
    }
    return null;
  }

  async function openSession(user, fresh) {
    const previous = stored();
    const headers = { "Content-Type": "application/json" };
    if (previous) headers.Authorization = "Bearer " + previous.token;
    let response;
    try {
      response = await fetch("/webchat/api/sessions", {
        method: "POST", headers: headers, body: JSON.stringify({ key: key, user: user, fresh: Boolean(fresh) }),
      });
    } catch (error) {
      throw new Refused(t.unreachable);
    }
    const answer = await response.json().catch(() => null);
    if (!response.ok || !answer || !answer.token) {
      const refused = new Refused(reasonOf(response.status, answer));
      refused.status = response.status;
      throw refused;
    }
    return answer;
  }

  function start(issued) {
    auth = issued;
    session = issued.session;
    keep(issued);
    lockedBox.hidden = true;
    input.disabled = false;
    sendButton.disabled = false;
    const who = $("who");
    who.hidden = issued.mode === "anonymous" || !(issued.name || issued.email);
    who.textContent = who.hidden ? "" : t.signed_in + (issued.name || issued.email);
    $("sign-in").hidden = !modes.includes("oidc") || issued.mode !== "anonymous";
    transcript = load(session + ".transcript", []);
    lastEventId = load(session + ".last", null);
    seen = new Set();
    redraw();
    follow();
  }

  let user = null;

  async function begin() {
    const found = fromAddress();
    user = siteUser(found);
    if (found.get("token") && found.get("session")) { // back from the identity provider
      start({ token: found.get("token"), session: found.get("session"), mode: found.get("mode") || "oidc",
        name: found.get("name"), email: found.get("email"), expires: Number(found.get("expires")) || null });
      return;
    }
    try {
      start(await openSession(user, false));
    } catch (error) {
      setStatus("offline");
      if (error.status && error.status < 500) {
        redraw();
        lock(error.message);
      } else {
        showError(error.message || t.unreachable);
        reopenTimer = setTimeout(begin, 5000);
      }
    }
  }

  async function restart() {
    if (transcript.length && !window.confirm(t.confirm_restart)) return;
    const old = session;
    showError("");
    try {
      start(await openSession(user, true));
    } catch (error) {
      if (error.status === 401) lock(error.message);
      else showError(error.message || t.unreachable);
      return;
    }
    try {
      [localStorage, sessionStorage].forEach((where) => {
        where.removeItem(store + old + ".transcript");
        where.removeItem(store + old + ".last");
      });
    } catch (error) {
      // nothing kept, nothing to clear
    }
    input.focus();
  }

  function signIn() {
    const url = "/webchat/login?key=" + encodeURIComponent(key);
    if (window.top !== window.self) window.open(url, "_blank", "noopener"); // providers refuse to be framed
    else location.assign(url);
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
  $("sign-in").addEventListener("click", signIn);
  $("locked-sign-in").addEventListener("click", signIn);
  $("reload").addEventListener("click", () => location.reload());
  begin();
  input.focus();
})();
