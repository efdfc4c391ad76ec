// The little JavaScript Triage needs: a ticking timer (in the tab's title too), keyboard
// shortcuts, the time zone guess on onboarding, and upload progress. Everything else is
// htmx or plain forms.
(function () {
  "use strict";

  // Links meant for browsers without JavaScript (`.without-js`) hide once this runs.
  document.documentElement.classList.add("js");

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  // The tab's title shows a running timer, as Toggl's does: the page in a background tab
  // still says what is being timed. `pageTitle` is the title the server wrote; one put
  // there since (by a swapped-in page) becomes the new one.
  var pageTitle = document.title, shownTitle = document.title;

  function tick() {
    document.querySelectorAll("[data-started]").forEach(function (el) {
      var started = Date.parse(el.getAttribute("data-started"));
      if (isNaN(started)) return;
      var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
      el.textContent = h + ":" + pad(m) + ":" + pad(s);
    });
    if (document.title !== shownTitle) pageTitle = document.title;
    var elapsed = document.querySelector("#header-timer .timer-elapsed");
    var task = document.querySelector("#header-timer .timer-task");
    shownTitle = elapsed && task ? "▶ " + elapsed.textContent + " " + task.textContent + " · " + pageTitle : pageTitle;
    document.title = shownTitle;
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);

  function typing(target) {
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  // A checklist step wraps in a textarea but is one line of text: Enter saves it, as it
  // would in a one-line field (whitespace, pasted line breaks too, is folded on the server).
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && !event.isComposing && field.matches("textarea[data-enter-submits]")) {
      event.preventDefault();
      field.form.requestSubmit();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var cancel = document.querySelector(".editing [data-cancel]");
      if (cancel) { event.preventDefault(); cancel.click(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "s") {
      var stop = document.querySelector("#header-timer form.running button");
      var start = document.querySelector("[data-timer-start]");
      if (stop) { event.preventDefault(); stop.click(); }
      else if (start) { event.preventDefault(); start.click(); }
      else { window.location.href = "/log/#timer"; }
    } else if (event.key === "n") {
      var entry = document.querySelector('[data-shortcut="n"]');
      event.preventDefault();
      if (entry) { entry.focus(); } else { window.location.href = "/log/"; }
    } else if (event.key === "/") {
      var filter = document.querySelector('[data-shortcut="/"]');
      if (filter) { event.preventDefault(); filter.focus(); }
    } else if (event.key === "?") {
      showShortcuts(event);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight" || event.key === "t") {
      // The week before or after (or the page: the tasks', a long search's), as a calendar
      // pages; `t` goes back to this week.
      var selector = { ArrowLeft: "a[rel=prev]", ArrowRight: "a[rel=next]", t: "a[data-this-week]" };
      var link = document.querySelector("main " + selector[event.key]);
      // Not away from an edit still open, nor from behind an open dialog, nor when the
      // arrows scroll what was last clicked sideways (a wide table on a narrow screen).
      var busy = document.querySelector(".editing, #timeline-editor form, dialog[open]");
      if (event.key !== "t" && scrollsSideways(lastPressed)) busy = true;
      if (link && !busy && !event.shiftKey) { event.preventDefault(); link.click(); }
    }
  });
  var lastPressed = null;
  document.addEventListener("pointerdown", function (event) { lastPressed = event.target; }, true);
  function scrollsSideways(element) {
    for (; element && element !== document.body; element = element.parentElement) {
      if (element.scrollWidth > element.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(element).overflowX)) return true;
    }
    return false;
  }

  // "?" or the footer's button: the list of keys (a <dialog>: Esc or Close shuts it).
  function showShortcuts(event) {
    var list = document.getElementById("shortcuts");
    if (list && !list.open) { event.preventDefault(); list.showModal(); }
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-shortcuts]")) showShortcuts(event);
  });

  // On a phone the pages' row scrolls sideways: the page shown is scrolled into it.
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".site-nav"), here = nav && nav.querySelector("[aria-current]");
    var left = here ? here.offsetLeft - nav.offsetLeft : 0;  // both from the header's edge
    if (here && left + here.offsetWidth > nav.clientWidth - 24) {
      nav.scrollLeft = left - (nav.clientWidth - here.offsetWidth) / 2;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-guess-time-zone]");
    if (form && window.Intl) {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var select = form.querySelector('select[name="time_zone"]');
      if (zone && select && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
    }
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("[data-upload-progress]");
    if (!form || !event.detail.lengthComputable) return;
    var bar = form.querySelector("progress");
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("[data-upload-progress]");
    if (form) form.querySelector("progress").hidden = true;
  });

  // Installed on a phone: a page that says "offline" when the network is gone.
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () { navigator.serviceWorker.register("/sw.js"); });
  }

  // Entries typed on the offline page (`offline.html` keeps them on this device) go in
  // through the quick entry, one at a time, once a log page opens with the network back:
  // each with when it was typed (it stands for "now": `45m invoicing` ends then) and its key
  // (the server saves a key once, so two tabs sending the same entry log it once). A new
  // task's question, or a refusal, waits for the owner, as any entry's would.
  var OFFLINE_QUEUE = "triage-offline-entries";
  var offlineSent = 0;
  function offlineQueue() {
    try { return JSON.parse(localStorage.getItem(OFFLINE_QUEUE) || "[]"); } catch (e) { return []; }
  }
  function ownersOfflineEntries(owner) {  // filed under this owner, or under nobody yet
    return offlineQueue().filter(function (kept) { return !kept.owner || String(kept.owner) === owner; });
  }
  function dropOfflineEntry(key) {
    var left = offlineQueue().filter(function (entry) { return entry.key !== key; });
    localStorage.setItem(OFFLINE_QUEUE, JSON.stringify(left));
  }
  // The quick entry's box, its hidden time and key of an entry typed offline, and the
  // line that says how the kept entries go; null on a page without them.
  function offlineFields(form) {
    var fields = {
      entry: form.querySelector('[data-shortcut="n"]'),
      typedAt: form.querySelector('input[name="typed_at"]'),
      key: form.querySelector('input[name="entry_key"]'),
      status: form.querySelector("#offline-status")
    };
    return fields.entry && fields.typedAt && fields.key && fields.status ? fields : null;
  }
  function letGoOfOfflineEntry(fields) { fields.typedAt.value = fields.key.value = ""; }
  // A kept entry discarded: its text, its time and key, and what was said of it (a refusal,
  // a new task's question) leave the form.
  function clearDiscarded(form, fields) {
    letGoOfOfflineEntry(fields);
    fields.entry.value = "";
    form.querySelectorAll(".errorlist, .new-task-question").forEach(function (said) { said.remove(); });
  }
  function sendOfflineEntry(statusOnly) {
    var form = document.querySelector("form.quick-entry[data-owner]");
    if (!form || !window.localStorage) return;
    var owner = form.getAttribute("data-owner");
    localStorage.setItem("triage-owner", owner);  // whose entries the offline page keeps
    var fields = offlineFields(form);
    if (!fields) return;
    var entry = fields.entry, typedAt = fields.typedAt, key = fields.key, status = fields.status;
    // Back from the server with an entry discarded while it was being sent: it stays gone.
    if (key.value && !offlineQueue().some(function (kept) { return kept.key === key.value; })) {
      clearDiscarded(form, fields);
    }
    var next = ownersOfflineEntries(owner)[0];
    status.replaceChildren();
    status.hidden = !next && !offlineSent;
    if (!next) {
      letGoOfOfflineEntry(fields);
      if (offlineSent) status.textContent = "Logged what you typed offline (" + offlineSent + ").";
      return;
    }
    var when = new Date(next.typed_at).toLocaleString([], { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "small";
    discard.textContent = "Discard it";
    discard.setAttribute("data-discard-offline", next.key);
    var waiting = key.value === next.key;  // back with a question or a refusal: the owner's turn
    var said = waiting ? "Typed offline " + when + ": “" + next.text + "” — it waits for you below, or "
      : "Logging what you typed offline " + when + ": “" + next.text + "”… ";
    status.append(said, discard);
    if (waiting || statusOnly === true) return;
    entry.value = next.text;
    typedAt.value = next.typed_at;
    key.value = next.key;
    form.requestSubmit();
  }
  document.body.addEventListener("offline-entry-sent", function (event) {
    retryIn = 3000;
    dropOfflineEntry(event.detail.key);
    offlineSent += 1;
    sendOfflineEntry();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-discard-offline]");
    if (!button) return;
    dropOfflineEntry(button.getAttribute("data-discard-offline"));
    var form = button.closest("form");
    clearDiscarded(form, offlineFields(form));
    sendOfflineEntry();
  });
  // No network as the quick entry was sent (a phone in a tunnel): the entry is kept on the
  // device as the offline page keeps one, as of now, and sent again when the network is back
  // (asked every few seconds: a phone's "online" comes too early, or not at all).
  var retryIn = 3000, retry = null;
  function keepOffline(form) {
    var fields = offlineFields(form);
    if (!fields) return false;
    var text = fields.entry.value.trim();
    if (!fields.key.value && text) {  // typed just now; one being sent from the queue stays in it
      var kept = offlineQueue();
      kept.push({
        text: text,
        typed_at: new Date().toISOString(),
        key: window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random().toString(36).slice(2),
        owner: form.getAttribute("data-owner")
      });
      localStorage.setItem(OFFLINE_QUEUE, JSON.stringify(kept));
    }
    letGoOfOfflineEntry(fields);
    fields.entry.value = "";
    fields.status.hidden = false;
    fields.status.textContent = "No connection: " + (text ? "“" + text + "” is" : "what you typed is") +
      " kept on this device, and logged as of when you typed it once the network is back.";
    clearTimeout(retry);
    retry = setTimeout(function () { sendOfflineEntry(); }, retryIn);
    retryIn = Math.min(retryIn * 1.5, 30000);
    return true;
  }
  // The box emptied while an offline entry waited in it: what is typed next is a new entry
  // of now, and the kept one stays kept (it is sent again on the next visit).
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.quick-entry[data-owner]");
    if (!form || event.target.value !== "" || !event.target.matches('[data-shortcut="n"]')) return;
    var fields = offlineFields(form);
    if (fields) letGoOfOfflineEntry(fields);
  });
  // Any other page of the owner's says entries typed offline wait, and where they go in.
  function offlineWaiting() {
    var owner = document.body.getAttribute("data-owner");
    var box = document.getElementById("messages");
    if (!owner || !box || document.querySelector("form.quick-entry[data-owner]") || !window.localStorage) return;
    var waiting = ownersOfflineEntries(owner).length;
    if (!waiting) return;
    var line = document.createElement("p"), link = document.createElement("a");
    line.className = "message warning offline-waiting";
    link.href = "/log/";
    link.textContent = "open the Log to log " + (waiting === 1 ? "it" : "them");
    line.append(waiting + (waiting === 1 ? " entry" : " entries") + " typed offline on this device " + (waiting === 1 ? "waits" : "wait") + ": ", link, ".");
    box.appendChild(line);
  }
  document.addEventListener("DOMContentLoaded", function () { sendOfflineEntry(); offlineWaiting(); });
  window.addEventListener("online", function () { sendOfflineEntry(); });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "quick-entry") sendOfflineEntry(true);  // the form came back: its status
  });

  // An answer that leaves the form where it is (the quick entry's, a timer start's) after a
  // refused try: the form's old messages go.
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (!form || !event.detail.successful || !xhr) return;
    if (xhr.getResponseHeader("HX-Reswap") !== "none" && !xhr.getResponseHeader("HX-Retarget")) return;
    form.querySelectorAll(".errorlist").forEach(function (list) { list.remove(); });
    form.querySelectorAll(".has-error").forEach(function (field) { field.classList.remove("has-error"); });
  });

  // A click whose answer the page cannot show in place — a row deleted in another tab, a
  // form whose session ended, the server down, no network — says so, rather than nothing.
  function requestProblem(text) {
    var box = document.getElementById("messages");
    if (!box) return;
    box.querySelectorAll(".request-problem").forEach(function (old) { old.remove(); });
    var line = document.createElement("p");
    line.className = "message error request-problem";
    line.setAttribute("role", "alert");
    line.textContent = text;
    box.appendChild(line);
  }
  // The header asking for the timer on its own (`askForTheTimer`) saves nothing: its failure
  // is no "nothing was saved", and it does not clear a problem the page is showing.
  function askedInTheBackground(event) {
    return event.detail.elt && event.detail.elt.id === "header-timer";
  }
  document.addEventListener("htmx:responseError", function (event) {
    if (askedInTheBackground(event)) return;
    var status = event.detail.xhr.status;
    if (status === 404) {
      requestProblem("That is no longer there (changed in another tab?): reload to see the page as it is now.");
    } else if (status === 403) {
      requestProblem("This page is out of date (logged out in another tab?): reload it, then try again.");
    } else if (status === 409) {
      requestProblem("This changed a moment ago in another tab or on another device, as you saved it: nothing was saved. Reload to see it as it is now.");
    } else if (status === 429) {
      requestProblem("Too many tries at once: wait a moment, then try again.");
    } else {
      requestProblem("Something went wrong on our side and nothing was saved: try again, or reload.");
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (askedInTheBackground(event)) return;
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form.quick-entry[data-owner]");
    if (form && window.localStorage && keepOffline(form)) return;
    requestProblem("No connection: nothing was saved. Try again once you are back online.");
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (askedInTheBackground(event)) return;
    document.querySelectorAll(".request-problem").forEach(function (old) { old.remove(); });
  });

  // The quick entry offers your tasks' names as you type the task after the duration
  // ("45m inv": "45m Invoicing"), as the browser's own list under the field: arrows and
  // Enter pick one. The names are the timer's list of tasks on the same page.
  var DURATION_WORD = /^(\d+([.,:]\d+)?(h|m|min|mins)?(\d+m?)?|mins?|minutes?|h|hrs?|hours?)$/i;
  // Times instead of a duration (`9:00-10:30`, `2-3pm`); `9:00 - 10:30` is one of them too.
  var RANGE_WORD = /^\d{1,2}([:.]\d{2})?([ap]m)?[-–—]\d{1,2}([:.]\d{2})?([ap]m)?$/i;
  var SPACED_RANGE = /^(\d{1,2}(?:[:.]\d{2})?(?:[ap]m)?)\s+([-–—])\s+(?=\d)/i;
  var DAY_WORD = /^(today|yesterday|last|mon(day)?|tues?(day)?|wed(nesday)?|thu(rs?)?(day)?|fri(day)?|sat(urday)?|sun(day)?|\d{4}-\d\d-\d\d)$/i;
  function suggestTasks(entry) {
    var list = document.getElementById(entry.getAttribute("list"));
    if (!list) return;
    var said = entry.value.split(" ");
    var days = 0;  // a day first: "yesterday 45m inv"
    while (days < said.length - 1 && DAY_WORD.test(said[days])) days++;
    var value = said.slice(days).join(" ").replace(SPACED_RANGE, "$1$2");
    var words = value.split(" ");
    var lead = 0;
    while (lead < words.length - 1 && (DURATION_WORD.test(words[lead]) || RANGE_WORD.test(words[lead]))) lead++;
    var typed = words.slice(lead).join(" ").trim().toLowerCase();
    var offered = [];
    if (lead && typed && !/ - |#/.test(value)) {
      var head = said.slice(0, days).concat(words.slice(0, lead)).join(" ") + " ";
      var seen = {};
      var titles = [];
      document.querySelectorAll('select[name="task"] option').forEach(function (option) {
        var title = option.textContent;
        if (option.value && !seen[title]) { seen[title] = true; titles.push(title); }
      });
      var starting = titles.filter(function (t) { return t.toLowerCase().indexOf(typed) === 0; });
      var within = titles.filter(function (t) { return t.toLowerCase().indexOf(typed) > 0; });
      offered = starting.concat(within).filter(function (t) { return t.toLowerCase() !== typed; });
    }
    list.replaceChildren.apply(list, offered.slice(0, 8).map(function (title) {
      var option = document.createElement("option");
      option.value = head + title;
      return option;
    }));
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches('input[list="entry-tasks"]')) suggestTasks(event.target);
  });

  // A quick entry saved: the answer carries only the new row, so empty the entry here and
  // put the cursor back in it. (A form with errors comes back fresh from the server.)
  document.body.addEventListener("log-saved", function () {
    var entry = document.querySelector('[data-shortcut="n"]');
    if (!entry) return;
    entry.value = "";
    suggestTasks(entry);  // none: an empty field would offer the last ones again
    entry.focus();
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "quick-entry") {
      var entry = document.querySelector('[data-shortcut="n"]');
      if (entry) entry.focus();
    }
  });

  // Time not logged on the timeline, clicked: the full form opens in place with its times
  // (its link, followed without JavaScript, opens the page with the form so).
  function openFullForm(address) {
    address = address.split("#")[0] + "&part=full_form_card";
    htmx.ajax("GET", address, { target: "#full-form", swap: "outerHTML" }).then(function () {
      var card = document.getElementById("full-form");
      if (!card) return;
      card.scrollIntoView({ block: "start" });
      var task = card.querySelector("[name=task]");
      if (task) task.focus({ preventScroll: true });
    });
  }
  document.addEventListener("click", function (event) {
    var gap = event.target.closest && event.target.closest("svg.timeline a.gap");
    if (!gap || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openFullForm(gap.getAttribute("href"));
  });

  // A log on the timeline dragged with the mouse: moved to other times, of its day or
  // another of the week's up to today, or stretched from its bottom edge, on a five-minute
  // grid; let go, it is saved (the server
  // redraws the week, or opens its edit saying why not). A click without a drag still opens
  // its edit. Fingers scroll the page instead; the edit form does the same by keyboard.
  var MINUTE = 24 / 60, STEP = 5, DAY = 24 * 60, COLUMN = 100;  // triage/timeline.py's units
  var dragging = null, swallowClick = false;
  function svgPoint(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }
  function dayOf(text) {  // "2026-11-03" as a local date, and back
    var parts = text.split("-");
    return new Date(+parts[0], +parts[1] - 1, +parts[2]);
  }
  function isoDay(date) {
    var month = date.getMonth() + 1, day = date.getDate();
    return date.getFullYear() + "-" + (month < 10 ? "0" : "") + month + "-" + (day < 10 ? "0" : "") + day;
  }
  function daysBetween(from, to) {
    return Math.round((dayOf(to) - dayOf(from)) / 86400000);
  }
  function clock(minutes) {
    var hours = Math.floor(minutes / 60) % 24, rest = minutes % 60;
    return (hours < 10 ? "0" : "") + hours + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function dragTimes(d) {
    return { from: d.stretch ? d.from : d.from + d.shift, to: d.to + d.shift };
  }
  // Free time dragged over (a mouse, from where it is pressed): the full form opens with
  // that stretch, as a calendar draws a new event; a plain click takes the gap's own times.
  // Not on a day the clocks change (its drawing is not the clock's).
  var drawing = null;
  document.addEventListener("pointerdown", function (event) {
    var gap = event.target.closest && event.target.closest("svg.timeline a.gap:not(.shifted)");
    if (!gap || event.pointerType !== "mouse" || event.button !== 0) return;
    var svg = gap.ownerSVGElement;
    drawing = { gap: gap, svg: svg, from: svgPoint(svg, event).y, shade: null, minutes: null };
    if (gap.setPointerCapture) gap.setPointerCapture(event.pointerId);
  });
  document.addEventListener("pointermove", function (event) {
    var d = drawing;
    if (!d) return;
    var y = svgPoint(d.svg, event).y;
    if (!d.shade && Math.abs(y - d.from) <= 3) return;  // a click, so far
    var ends = [d.from, y].map(function (at) {  // minutes of the day, on the grid
      return Math.min(Math.max(Math.round((at - 20) / MINUTE / STEP) * STEP, 0), DAY);
    });
    d.minutes = [Math.min(ends[0], ends[1]), Math.max(ends[0], ends[1])];
    if (!d.shade) {
      d.shade = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      d.shade.setAttribute("class", "drawn");
      d.shade.setAttribute("x", d.gap.querySelector("rect").getAttribute("x"));
      d.shade.setAttribute("width", COLUMN);
      d.svg.appendChild(d.shade);
    }
    d.shade.setAttribute("y", 20 + d.minutes[0] * MINUTE);
    d.shade.setAttribute("height", Math.max((d.minutes[1] - d.minutes[0]) * MINUTE, 1));
  });
  document.addEventListener("pointerup", function () {
    var d = drawing;
    drawing = null;
    if (!d || !d.shade) return;
    d.shade.remove();
    swallowClick = true;  // not the gap's click as well
    setTimeout(function () { swallowClick = false; }, 0);
    if (d.minutes[1] - d.minutes[0] < STEP) return;
    var address = new URL(d.gap.getAttribute("href"), location.href);
    address.searchParams.set("start_time", clock(d.minutes[0]));
    address.searchParams.set("end_time", clock(d.minutes[1]));
    if (d.minutes[1] === DAY) address.searchParams.set("ends_next_day", "on");
    else address.searchParams.delete("ends_next_day");
    openFullForm(address.pathname + address.search);
  });

  document.addEventListener("pointerdown", function (event) {
    var link = event.target.closest && event.target.closest("svg.timeline a[data-times]");
    if (!link || event.pointerType !== "mouse" || event.button !== 0) return;
    var rect = link.querySelector("rect"), label = link.querySelector("text"), svg = link.ownerSVGElement;
    var top = parseFloat(rect.getAttribute("y")), height = parseFloat(rect.getAttribute("height"));
    var point = svgPoint(svg, event), y = point.y, days = [0, 0];
    if (svg.dataset.firstDay) {  // the week: sideways to another day shown, none to come
      var index = daysBetween(svg.dataset.firstDay, link.dataset.day);
      days = [-index, daysBetween(svg.dataset.firstDay, svg.dataset.lastDay) - index];
    }
    dragging = {
      link: link, rect: rect, label: label, top: top, height: height, pointerY: y,
      pointerX: point.x, days: days, dayShift: 0,
      x: parseFloat(rect.getAttribute("x")), labelX: label ? parseFloat(label.getAttribute("x")) : 0,
      labelY: label ? parseFloat(label.getAttribute("y")) : 0,
      from: parseInt(link.dataset.from, 10), to: parseInt(link.dataset.to, 10),
      stretch: height >= 12 && y > top + height - 4, moving: false, shift: 0,
      text: label ? label.textContent : "",
    };
    if (link.setPointerCapture) link.setPointerCapture(event.pointerId);  // let go anywhere
  });
  function putBack(d) {  // as drawn
    d.rect.setAttribute("y", d.top);
    d.rect.setAttribute("height", d.height);
    d.rect.setAttribute("x", d.x);
    if (d.label) {
      d.label.setAttribute("y", d.labelY);
      d.label.setAttribute("x", d.labelX);
      d.label.textContent = d.text;
    }
    d.link.classList.remove("dragging");
  }
  document.addEventListener("pointercancel", function () {
    var d = dragging;
    dragging = null;
    if (d && d.moving) putBack(d);
  });
  document.addEventListener("pointermove", function (event) {
    var d = dragging;
    if (!d) return;
    var point = svgPoint(d.link.ownerSVGElement, event), delta = point.y - d.pointerY;
    var across = point.x - d.pointerX;
    if (!d.moving && Math.abs(delta) <= 3 && Math.abs(across) <= 3) return;  // a click, so far
    if (!d.moving) d.link.ownerSVGElement.appendChild(d.link);  // drawn over every other day's
    d.moving = true;
    // On the five-minute grid: the start (or, stretched, the end) lands on :00, :05, :10…
    var edge = d.stretch ? d.to : d.from;
    var shift = Math.round((edge + delta / MINUTE) / STEP) * STEP - edge;
    if (d.stretch) shift = Math.min(Math.max(shift, STEP - (d.to - d.from)), DAY - d.to);
    else shift = Math.min(Math.max(shift, -d.from), DAY - d.to);
    d.shift = shift;
    d.dayShift = d.stretch ? 0 : Math.min(Math.max(Math.round(across / COLUMN), d.days[0]), d.days[1]);
    d.link.classList.add("dragging");
    if (d.stretch) {
      d.rect.setAttribute("height", Math.max(d.height + shift * MINUTE, 2));
    } else {
      d.rect.setAttribute("y", d.top + shift * MINUTE);
      d.rect.setAttribute("x", d.x + d.dayShift * COLUMN);
      if (d.label) {
        d.label.setAttribute("y", d.labelY + shift * MINUTE);
        d.label.setAttribute("x", d.labelX + d.dayShift * COLUMN);
      }
    }
    var times = dragTimes(d), shown = clock(times.from) + "–" + clock(times.to);
    if (d.dayShift) {  // on another day: which
      var day = dayOf(d.link.dataset.day);
      day.setDate(day.getDate() + d.dayShift);
      shown = day.toLocaleDateString("en-GB", { weekday: "short" }) + " " + shown;
    }
    if (d.label) d.label.textContent = shown;  // where it would go, as it goes
    var tip = d.link.querySelector("title");
    if (tip) tip.textContent = shown;
  });
  document.addEventListener("pointerup", function () {
    var d = dragging;
    dragging = null;
    if (!d || !d.moving) return;
    swallowClick = true;  // the click this release makes is the drag's, not a click on the log
    setTimeout(function () { swallowClick = false; }, 0);
    if (!d.shift && !d.dayShift) return putBack(d);  // back where it was: nothing to save
    var times = dragTimes(d), day = dayOf(d.link.dataset.day);
    day.setDate(day.getDate() + d.dayShift);
    var values = {
      day: isoDay(day), start_time: clock(times.from), end_time: clock(times.to),
      as_loaded: d.link.dataset.state,
    };
    if (times.to === DAY) values.ends_next_day = "on";  // up to midnight: 00:00 the next day
    htmx.ajax("POST", d.link.dataset.times, { target: "#week-logs", swap: "innerHTML", values: values });
  });
  document.addEventListener("click", function (event) {
    if (!swallowClick) return;
    swallowClick = false;
    event.preventDefault();
    event.stopPropagation();
  }, true);

  // A report on paper, or as a PDF for the accountant (the print stylesheet keeps its
  // figures, tables and charts, and leaves the app around them out).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // Back on this tab or this window (not on leaving it: no request as a tab closes), and
  // once a minute while it is in view, the header asks for the timer again: it may have been
  // started or stopped on the phone or in another tab. Not offline, and not while it is
  // asking already (a tab shown and its window focused come together).
  function askForTheTimer() {
    var header = document.getElementById("header-timer");
    if (!header || document.visibilityState !== "visible" || navigator.onLine === false) return;
    if (!header.classList.contains("htmx-request")) htmx.trigger(header, "tab-shown");
  }
  document.addEventListener("visibilitychange", askForTheTimer);
  window.addEventListener("focus", askForTheTimer);
  setInterval(askForTheTimer, 60000);

  // The running timer's note said "Saved."; typing more makes that untrue until saved again.
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest(".timer-note");
    if (form) form.querySelectorAll(".flash-inline").forEach(function (said) { said.remove(); });
  });

  // The timesheet comes back whole after each typed cell, and htmx gives the focus back to
  // the cell Tab moved to (by its id) but not what was typed into it in the meantime: keep
  // that, and it still counts as typed (it differs from what the sheet shows).
  var sheetSent = null;
  var typedMeanwhile = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.target.id !== "timesheet-form") return;
    var cell = document.activeElement;
    sheetSent = cell && cell.matches("input.cell") ? { id: cell.id, value: cell.value } : {};
  });
  document.addEventListener("htmx:beforeSwap", function () {
    var cell = document.activeElement;
    typedMeanwhile = null;
    if (sheetSent && cell && cell.matches && cell.matches("input.cell")) {
      var before = cell.id === sheetSent.id ? sheetSent.value : cell.defaultValue;
      if (cell.value !== before) typedMeanwhile = { id: cell.id, value: cell.value };
    }
    sheetSent = null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    var cell = typedMeanwhile && document.getElementById(typedMeanwhile.id);
    if (cell) cell.value = typedMeanwhile.value;
    typedMeanwhile = null;
  });

  // A refused timesheet cell goes back to what the sheet showed — by Esc, or once another
  // cell is changed: the sheet is sent whole (all typed cells or none, as without
  // JavaScript), and a refused cell sent with every later change would refuse them too.
  function putBack(cell) {
    var shown = cell.form && cell.form.elements.namedItem("was_" + cell.name);
    cell.value = shown ? shown.value : "";
    cell.removeAttribute("aria-invalid");
    cell.removeAttribute("aria-describedby");
  }
  document.addEventListener("keydown", function (event) {
    var cell = event.target;
    if (event.key === "Escape" && cell.matches && cell.matches("input.cell")) putBack(cell);
  });
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.target.id !== "timesheet-form") return;
    var trigger = event.detail.triggeringEvent;
    var changed = trigger && trigger.type === "change" ? trigger.target : document.activeElement;
    event.target.querySelectorAll('input.cell[aria-invalid="true"]').forEach(function (cell) {
      if (cell === changed) return;
      putBack(cell);
      event.detail.parameters[cell.name] = cell.value;
    });
  });

  // "All" ticks every log of the list at once (a search's 60 results, a week to move);
  // it needs this script, so it shows only with it.
  function tickAllBoxes() {
    document.querySelectorAll(".tick-all").forEach(function (label) { label.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", tickAllBoxes);
  document.addEventListener("htmx:afterSettle", tickAllBoxes);
  // "All" ticks every box of its form (data-tick-all names the form: the logs', the tasks');
  // ticking the last box by hand ticks it too.
  function boxesOf(formId) {
    return document.querySelectorAll('input[type="checkbox"][form="' + formId + '"]');
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-tick-all]")) {
      boxesOf(target.dataset.tickAll).forEach(function (box) { box.checked = target.checked; });
    } else if (target.matches('input[type="checkbox"][form]')) {
      // A log over midnight has a box on each of its days' rows: one log, ticked as one.
      boxesOf(target.getAttribute("form")).forEach(function (box) {
        if (box.value === target.value) box.checked = target.checked;
      });
      var all = document.querySelector('[data-tick-all="' + target.getAttribute("form") + '"]');
      if (all) all.checked = Array.prototype.every.call(boxesOf(all.dataset.tickAll), function (box) { return box.checked; });
    }
  });
})();
