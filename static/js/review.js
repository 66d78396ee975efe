/* Editor review: keyboard-first queue, word nudges for the content span, offsets from a text selection.
   Everything here is an enhancement: every action is a plain form that works without it. */
(function () {
  "use strict";

  if (window.htmx) {
    // A conflict (409) or a refused form (400) carries the message to show: swap it in like a success.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
    // htmx wires up swapped-in forms and inputs when the swap settles, 20 ms later by default (a delay meant for CSS
    // transitions, which we have none of). A key or a keystroke in between posted a plain form or sent no search.
    htmx.config.defaultSettleDelay = 0;
  }

  // --- The queue ------------------------------------------------------------------------------------------------
  let current = 0;
  let busy = false;

  const queue = () => document.getElementById("queue");
  const cards = () => Array.from(document.querySelectorAll("#queue .claim-card"));

  function select(index, focus) {
    const list = cards();
    if (!list.length) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach((card, n) => {
      card.classList.toggle("is-current", n === current);
      if (n === current) card.setAttribute("aria-current", "true");
      else card.removeAttribute("aria-current");
    });
    const card = list[current];
    if (focus) {
      // An open edit form takes the focus on its first field (hidden inputs come first in the markup: skip them).
      const field = card.classList.contains("is-editing") &&
        card.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])");
      (field || card).focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }

  function submit(selector) {
    const card = cards()[current];
    const form = card && card.querySelector(selector);
    if (!form) return;
    const button = form.querySelector("button[type=submit]");
    if (button && button.disabled) return;
    form.requestSubmit(button || undefined);
  }

  function say(text) {
    const notices = document.querySelector("#queue .notices");
    if (!notices) return;
    const message = document.createElement("p");
    message.className = "message warning";
    message.textContent = text;
    notices.replaceChildren(message);
  }

  // The claim an undo brought back (the server marks it) becomes the current card.
  function focusRequested() {
    const section = queue();
    const wanted = section && section.dataset.focus;
    if (!wanted) return false;
    delete section.dataset.focus;
    const index = cards().findIndex((card) => card.dataset.claimId === wanted);
    if (index < 0) return false;
    select(index, true);
    return true;
  }

  function approve() {
    const card = cards()[current];
    const button = card && card.querySelector("form.js-approve button[type=submit]");
    if (button && button.disabled) {
      // Nothing to approve it as: say so, and open the form whose first field finds the actor.
      say("This claim has no actor yet: pick who said it, then approve.");
      submit("form.js-edit");
      return;
    }
    submit("form.js-approve");
  }

  function clickIn(selector) {
    const card = cards()[current];
    const button = card && card.querySelector(selector);
    if (button) button.click();
  }

  const typing = (el) => el && el.closest && el.closest("input, textarea, select, [contenteditable=true]");

  document.addEventListener("keydown", (event) => {
    if (!queue() || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      const field = typing(event.target);
      if (field && field.closest(".claim-card:not(.is-editing)")) {
        // Leave the reason box (or any field of a card) so the keys work again; the text stays for x.
        event.preventDefault();
        const card = field.closest(".claim-card");
        field.blur();
        select(cards().indexOf(card), true);
        return;
      }
      clickIn(".is-editing .js-cancel");
      return;
    }
    if (typing(event.target) || busy) return;
    // Space on a button or link presses it; only take it over on the page or a card.
    const onControl = event.target.closest && event.target.closest("button, a, summary");
    switch (event.key) {
      case "a": approve(); break;
      case "x": submit("form.js-reject"); break;
      case "e": submit("form.js-edit"); break;
      case "u": {
        const undo = document.querySelector("#queue form.js-undo");
        if (undo && !undo.querySelector("button").disabled) undo.requestSubmit();
        break;
      }
      case "j": select(current + 1, true); break;
      case "k": select(current - 1, true); break;
      case " ":
        if (onControl) return;
        submit("form.js-skip");
        break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    const card = event.target.closest && event.target.closest("#queue .claim-card");
    if (card) current = cards().indexOf(card);
  });
  document.addEventListener("focusin", (event) => {
    const card = event.target.closest && event.target.closest("#queue .claim-card");
    if (card) select(cards().indexOf(card), false);
  });

  document.addEventListener("htmx:beforeRequest", () => { busy = true; });
  document.addEventListener("htmx:afterRequest", () => { busy = false; });
  // The decided card is gone: the same position now holds the next claim, so the queue advances by itself.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (queue() && event.target && event.target.closest && !event.target.closest(".actor-results")) {
      if (!focusRequested()) select(current, true);
    }
    setupEditForms();
  });

  // --- Word nudges on the content span ---------------------------------------------------------------------------
  const space = (ch) => /\s/.test(ch);

  function nudged(text, pos, which, step) {
    if (which === "start" && step < 0) { while (pos > 0 && space(text[pos - 1])) pos--; while (pos > 0 && !space(text[pos - 1])) pos--; }
    if (which === "start" && step > 0) { while (pos < text.length && !space(text[pos])) pos++; while (pos < text.length && space(text[pos])) pos++; }
    if (which === "end" && step > 0) { while (pos < text.length && space(text[pos])) pos++; while (pos < text.length && !space(text[pos])) pos++; }
    if (which === "end" && step < 0) { while (pos > 0 && space(text[pos - 1])) pos--; while (pos > 0 && !space(text[pos - 1])) pos--; while (pos > 0 && space(text[pos - 1])) pos--; }
    return pos;
  }

  function setupEditForms() {
    document.querySelectorAll("form.edit-form[data-text]:not([data-ready])").forEach((form) => {
      form.dataset.ready = "1";
      const text = form.dataset.text;
      const start = form.querySelector("[name=content_start]");
      const end = form.querySelector("[name=content_end]");
      const preview = form.querySelector(".content-preview");
      const show = () => {
        const s = Number(start.value), e = Number(end.value);
        preview.textContent = s < e && e <= text.length ? text.slice(s, e) : "(the offsets do not make a span)";
      };
      form.querySelectorAll(".nudges").forEach((el) => { el.hidden = false; });
      form.querySelectorAll("[data-nudge]").forEach((button) => {
        button.addEventListener("click", () => {
          const which = button.dataset.nudge, step = Number(button.dataset.step);
          const input = which === "start" ? start : end;
          const next = nudged(text, Number(input.value), which, step);
          if (which === "start" ? next < Number(end.value) : next > Number(start.value)) input.value = next;
          show();
        });
      });
      start.addEventListener("input", show);
      end.addEventListener("input", show);
      // Typing a new actor's name means choosing "new actor".
      const name = form.querySelector("[name=new_actor_name]");
      const radio = form.querySelector("input[name=actor_choice][value=new]");
      if (name && radio) name.addEventListener("input", () => { radio.checked = true; });
      // So does setting its kind or role.
      form.querySelectorAll("[name=new_actor_kind], [name=new_actor_role]").forEach((field) => {
        if (radio) field.addEventListener("input", () => { radio.checked = true; });
      });
    });
  }

  // --- Offsets from a selection in the article view ---------------------------------------------------------------
  function offsetOf(node, offset) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const segment = element && element.closest("[data-start]");
    if (!segment) return null;
    const base = Number(segment.dataset.start);
    if (node.nodeType === Node.TEXT_NODE) return base + offset;
    return offset === 0 ? base : base + segment.textContent.length;
  }

  function setupArticle() {
    const container = document.getElementById("article-text");
    const form = document.getElementById("manual-form");
    if (!container || !form) return;
    form.closest("section").querySelectorAll(".js-only").forEach((el) => { el.hidden = false; });
    form.querySelectorAll("[data-use-selection]").forEach((button) => {
      button.addEventListener("click", () => {
        const selection = window.getSelection();
        if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
          document.getElementById(button.dataset.useSelection + "-preview").textContent = "Select some words in the text first.";
          return;
        }
        const range = selection.getRangeAt(0);
        if (!container.contains(range.commonAncestorContainer)) return;
        let start = offsetOf(range.startContainer, range.startOffset);
        let end = offsetOf(range.endContainer, range.endOffset);
        if (start === null || end === null) return;
        const text = range.toString();
        start += text.length - text.trimStart().length; // a double-click selects the trailing space too
        end -= text.length - text.trimEnd().length;
        const role = button.dataset.useSelection;
        form.querySelector(`[name=${role}_start]`).value = start;
        form.querySelector(`[name=${role}_end]`).value = end;
        document.getElementById(role + "-preview").textContent = "“" + text.trim() + "”";
      });
    });
  }

  function init() {
    if (!focusRequested()) select(0, false);
    setupEditForms();
    setupArticle();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
