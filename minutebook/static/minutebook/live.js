// Live updates for a meeting page. The page names its meeting with
// <body data-live-meeting="ID">. Every event may carry HTML fragments rendered once on the
// server: each element with data-live-fragment="NAME" gets the fragment NAME. Elements with
// data-live-refresh="TOPIC ..." are re-fetched through htmx (their own hx-get) on those topics
// (only when what they depend on changed, where the page says what that is).
// A "minutebook:live" DOM event carries each event for scripts such as the timer. Ballots are
// cast over the socket (see castOverSocket).
(function () {
  "use strict";
  const meetingId = document.body.dataset.liveMeeting;
  if (!meetingId) return;
  let clockOffset = 0; // server time minus client time, in seconds
  let retry = 500;
  const lastKeys = new Map();
  const status = document.querySelector("[data-live-status]");
  let socket = null;
  let nextRef = 1;
  const waiting = new Map(); // ref -> callback for the server's reply

  function setStatus(text, connected) {
    if (!status) return;
    status.textContent = text;
    status.dataset.connected = connected ? "yes" : "no";
  }

  function apply(event) {
    const fragments = event.fragments || {};
    for (const [name, html] of Object.entries(fragments)) {
      document.querySelectorAll(`[data-live-fragment="${name}"]`).forEach((el) => {
        el.innerHTML = html;
        if (window.htmx) window.htmx.process(el);
      });
    }
    document.querySelectorAll("[data-live-refresh]").forEach((el) => {
      const topics = el.dataset.liveRefresh.split(/\s+/);
      if (!topics.includes(event.topic) || !window.htmx) return;
      // A page may say, per element id, what the element depends on in an event
      // (window.minutebookRefreshKeys[id] = {initial, of(event)}): it is refetched only
      // when that changed, so thousands of screens do not ask the server at every change.
      const gate = (window.minutebookRefreshKeys || {})[el.id];
      if (gate) {
        const key = gate.of(event);
        const last = lastKeys.has(el.id) ? lastKeys.get(el.id) : gate.initial;
        lastKeys.set(el.id, key);
        if (key === last) return;
      }
      window.htmx.trigger(el, "live");
    });
    document.dispatchEvent(new CustomEvent("minutebook:live", { detail: event }));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/meetings/${meetingId}/`);
    socket.addEventListener("open", () => {
      retry = 500;
      setStatus("Live", true);
      socket.send(JSON.stringify({ topic: "ping", data: Date.now() / 1000 }));
    });
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      if (event.topic === "pong") {
        const sent = event.data.echo;
        const now = Date.now() / 1000;
        clockOffset = event.data.server_time - (sent + now) / 2;
        return;
      }
      if (event.topic === "reply") {
        const answer = waiting.get(event.ref);
        waiting.delete(event.ref);
        if (answer) answer(event.data);
        return;
      }
      apply(event);
    });
    socket.addEventListener("close", () => {
      setStatus("Reconnecting…", false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    });
  }

  // A ballot form marked data-live-cast="TARGET" is sent over the socket when it is open (the
  // server answers with the fragment the form's own hx-post would get); otherwise htmx posts
  // it as usual. Captured before htmx sees the submit.
  function castOverSocket(event) {
    const form = event.target.closest && event.target.closest("form[data-live-cast]");
    if (!form || !socket || socket.readyState !== WebSocket.OPEN) return;
    event.preventDefault();
    event.stopPropagation();
    const fields = [...new FormData(form, event.submitter)].filter(
      ([name]) => name !== "csrfmiddlewaretoken"
    );
    const target = document.querySelector(form.dataset.liveCast);
    const setPressable = (pressable) =>
      form.querySelectorAll("button").forEach((button) => (button.disabled = !pressable));
    const show = (answer) => {
      setPressable(true);
      if (!target) return;
      const box = document.createElement("div");
      if (answer.html) {
        box.innerHTML = answer.html;
      } else {
        const error = document.createElement("p");
        error.className = "errorlist nonfield";
        error.setAttribute("role", "alert");
        error.textContent = answer.error;
        box.append(error);
      }
      box.querySelectorAll("[hx-swap-oob]").forEach((swap) => {
        const current = document.getElementById(swap.id);
        swap.remove();
        if (current) current.innerHTML = swap.innerHTML;
      });
      target.innerHTML = box.innerHTML;
      if (window.htmx) window.htmx.process(target);
    };
    setPressable(false);
    const ref = nextRef++;
    const noAnswer = setTimeout(() => {
      if (waiting.delete(ref)) {
        show({
          error:
            "No answer from the server: reload the page to see whether your ballot was counted.",
        });
      }
    }, 20000);
    waiting.set(ref, (answer) => {
      clearTimeout(noAnswer);
      show(answer);
    });
    socket.send(
      JSON.stringify({ topic: "cast", ref, data: { vote: form.dataset.liveVote, fields } })
    );
  }
  document.addEventListener("submit", castOverSocket, true);

  // Timers: <span data-timer-started="EPOCH_SECONDS" data-timer-limit="SECONDS"> counts down
  // from the limit using the server's clock, so every screen shows the same time.
  function tick() {
    const now = Date.now() / 1000 + clockOffset;
    document.querySelectorAll("[data-timer-limit]").forEach((el) => {
      const limit = parseFloat(el.dataset.timerLimit);
      const started = parseFloat(el.dataset.timerStarted || "NaN");
      const paused = parseFloat(el.dataset.timerElapsed || "0");
      const elapsed = isNaN(started) ? paused : paused + (now - started);
      const left = Math.round(limit - elapsed);
      const sign = left < 0 ? "-" : "";
      const abs = Math.abs(left);
      el.textContent = `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}`;
      el.dataset.overtime = left < 0 ? "yes" : "no";
    });
  }
  window.minutebookClockOffset = () => clockOffset;
  setInterval(tick, 250);
  tick();
  connect();
})();
