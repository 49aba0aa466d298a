// The list of speakers, on top of live.js: tells screen-reader users what matters, and only
// then — a new speaker, 30 seconds left, time up — never every second (the timer itself is
// role="timer", which is not announced); and marks the viewer's own place on the list.
(function () {
  "use strict";
  const announcer = document.querySelector("[data-timer-announcer]");
  const viewer = document.body.dataset.viewerMember;
  const WARNING = 30;
  const said = new Set(); // announcements made, keyed by turn, limit and moment
  let speaker = currentSpeaker();

  function say(text) {
    if (!announcer) return;
    // Emptying first makes the same words count as a change.
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 100);
  }

  function currentSpeaker() {
    const el = document.querySelector("#current-speaker [data-speaker-request]");
    return el ? { id: el.dataset.speakerRequest, name: el.dataset.speakerName } : null;
  }

  function secondsLeft(el) {
    const offset = window.minutebookClockOffset ? window.minutebookClockOffset() : 0;
    const now = Date.now() / 1000 + offset;
    const limit = parseFloat(el.dataset.timerLimit);
    const started = parseFloat(el.dataset.timerStarted || "NaN");
    const elapsed = parseFloat(el.dataset.timerElapsed || "0");
    return limit - (isNaN(started) ? elapsed : elapsed + (now - started));
  }

  // A moment already behind us when the page (or a new limit) arrives is not announced.
  function check(initial) {
    const el = document.querySelector("#timer[data-timer-limit]");
    if (!el) return;
    const key = `${el.dataset.timerRequest}:${el.dataset.timerLimit}`;
    const left = secondsLeft(el);
    const moments = [
      [`${key}:warning`, left <= WARNING && parseFloat(el.dataset.timerLimit) > WARNING, `${WARNING} seconds left`],
      [`${key}:up`, left <= 0, "Time is up"],
    ];
    for (const [id, reached, words] of moments) {
      if (!reached || said.has(id)) continue;
      if (!initial && el.dataset.timerRunning !== "yes") continue;
      said.add(id);
      if (!initial) say(words);
    }
  }

  function markViewer() {
    if (!viewer) return;
    document.querySelectorAll("#speakers-list [data-member]").forEach((li) => {
      li.classList.toggle("is-viewer", li.dataset.member === viewer);
    });
  }

  document.addEventListener("minutebook:live", (event) => {
    if (event.detail.topic !== "speakers") return;
    markViewer();
    const now = currentSpeaker();
    if (now && (!speaker || speaker.id !== now.id)) say(`Now speaking: ${now.name}`);
    speaker = now;
    check(true);
  });

  // One's own controls depend on the list only through one's own place in it: refetch them
  // when that changes (the same string as minutebook.floor.live.viewer_floor_key).
  window.minutebookRefreshKeys = window.minutebookRefreshKeys || {};
  window.minutebookRefreshKeys["floor-controls"] = {
    initial: document.body.dataset.viewerFloorKey,
    of(event) {
      const data = event.data || {};
      const current = data.current || {};
      return [
        data.list_closed ? "1" : "0",
        data.agenda_item ? String(data.agenda_item) : "",
        data.pro_contra ? "1" : "0",
        String((data.waiting || []).filter((number) => number === viewer).length),
        viewer && current.member === viewer ? "1" : "0",
      ].join("|");
    },
  };

  markViewer();
  check(true);
  window.setInterval(() => check(false), 500);
})();
