/* Presentation mode (/dialog): move between slides with the arrow keys, Page Up/Down, space and clicks. */
(function () {
  "use strict";

  function deck() {
    return document.querySelector(".dialog-deck");
  }

  function current(d) {
    return parseInt(d.dataset.current || "0", 10);
  }

  function show(d, index) {
    var slides = d.querySelectorAll(".dialog-slide");
    if (!slides.length) return;
    var i = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (s, k) {
      s.classList.toggle("active", k === i);
      s.setAttribute("aria-hidden", k === i ? "false" : "true");
    });
    d.dataset.current = String(i);
    var counter = d.querySelector(".dialog-counter");
    if (counter) counter.textContent = i + 1 + " / " + slides.length;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(window.history.state, "", "#" + (i + 1));
    }
  }

  function toggleFullscreen(d) {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (d.requestFullscreen) {
      d.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (e) {
    var d = deck();
    if (!d || e.altKey || e.ctrlKey || e.metaKey) return;
    var moves = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
    if (e.key in moves) {
      show(d, current(d) + moves[e.key]);
    } else if (e.key === "Home") {
      show(d, 0);
    } else if (e.key === "End") {
      show(d, d.querySelectorAll(".dialog-slide").length - 1);
    } else if (e.key === "f" || e.key === "F") {
      toggleFullscreen(d);
    } else {
      return;
    }
    e.preventDefault();
  });

  document.addEventListener("click", function (e) {
    var d = deck();
    if (!d || !d.contains(e.target)) return;
    var move = e.target.closest("[data-dialog-move]");
    if (move) {
      show(d, current(d) + parseInt(move.dataset.dialogMove, 10));
    } else if (e.target.closest("[data-dialog-fullscreen]")) {
      toggleFullscreen(d);
    } else if (e.target.closest(".dialog-slide") && !e.target.closest("a, button")) {
      show(d, current(d) + 1);
    }
  });

  /* Dash renders the page after load: start at the slide named in the address (#3) once the deck is there. */
  new MutationObserver(function () {
    var d = deck();
    if (d && !d.dataset.ready) {
      d.dataset.ready = "1";
      var n = parseInt(window.location.hash.slice(1), 10);
      show(d, isNaN(n) ? 0 : n - 1);
      d.focus({ preventScroll: true });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
