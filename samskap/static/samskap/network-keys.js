// The community map's network drawing with the keyboard (progressive enhancement only:
// without this file every shape is still a link to its row in the tables).
//
// Tab reaches every shape. The shape focused with Tab (or a click) is the centre: the arrow
// keys go through the shapes linked to it, Escape goes back to it, and Space makes the shape
// you are on the new centre, so you can walk on through the network. Enter follows the link.
// A polite live region says where you are ("Skolen, linked to Helsestasjonen (2 of 5)").
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function enhance(svg) {
    var byKey = {};
    var nodes = svg.querySelectorAll("a[data-links]");
    Array.prototype.forEach.call(nodes, function (node) {
      byKey[node.id.replace(/^node-/, "")] = node;
    });
    var status = document.getElementById(svg.getAttribute("data-status"));
    var centre = null;
    var position = -1;
    var moving = false;

    function linked(node) {
      return (node.getAttribute("data-links") || "").split(" ").filter(function (key) {
        return key && byKey[key];
      }).map(function (key) { return byKey[key]; });
    }

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function highlight(on) {
      if (!centre) {
        return;
      }
      var key = centre.id.replace(/^node-/, "");
      centre.classList.toggle("is-centre", on);
      linked(centre).forEach(function (node) { node.classList.toggle("is-linked", on); });
      Array.prototype.forEach.call(svg.querySelectorAll("line[data-a]"), function (line) {
        if (line.getAttribute("data-a") === key || line.getAttribute("data-b") === key) {
          line.classList.toggle("is-linked", on);
        }
      });
    }

    function makeCentre(node, announce) {
      highlight(false);
      centre = node;
      position = -1;
      highlight(true);
      if (announce) {
        var total = linked(node).length;
        var name = node.getAttribute("data-name");
        say(total ? format(svg.getAttribute("data-msg-centre"), {centre: name, total: total})
                  : format(svg.getAttribute("data-msg-none"), {centre: name}));
      }
    }

    function focusWithoutRecentring(node) {
      moving = true;
      node.focus();
      moving = false;
    }

    svg.addEventListener("focusin", function (event) {
      var node = event.target.closest ? event.target.closest("a[data-links]") : null;
      if (node && !moving) {
        makeCentre(node, false);
      }
    });

    svg.addEventListener("keydown", function (event) {
      var node = event.target.closest ? event.target.closest("a[data-links]") : null;
      if (!node || !centre) {
        return;
      }
      var neighbours = linked(centre);
      var step = 0;
      switch (event.key) {
        case "ArrowRight":
        case "ArrowDown":
          step = 1;
          break;
        case "ArrowLeft":
        case "ArrowUp":
          step = -1;
          break;
        case "Escape":
          event.preventDefault();
          focusWithoutRecentring(centre);
          position = -1;
          say(centre.getAttribute("data-name"));
          return;
        case " ":
        case "Spacebar":
          event.preventDefault();
          makeCentre(node, true);
          return;
        default:
          return;
      }
      event.preventDefault();
      if (!neighbours.length) {
        say(format(svg.getAttribute("data-msg-none"), {centre: centre.getAttribute("data-name")}));
        return;
      }
      if (position < 0 || position >= neighbours.length) {
        position = step > 0 ? 0 : neighbours.length - 1;
      } else {
        position = (position + step + neighbours.length) % neighbours.length;
      }
      var target = neighbours[position];
      focusWithoutRecentring(target);
      say(format(svg.getAttribute("data-msg-linked"), {
        name: target.getAttribute("data-name"),
        centre: centre.getAttribute("data-name"),
        n: position + 1,
        total: neighbours.length
      }));
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("svg[data-network]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
