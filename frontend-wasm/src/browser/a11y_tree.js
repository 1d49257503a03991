// The card's accessibility tree in the page (see a11y_tree.hpp): one element per node the view
// publishes, laid over the canvas where the control is drawn, kept in step each frame. Buttons
// let the pointer through to the canvas (which draws hover and press); text fields take it, so a
// click puts the caret in the real field. What is done to the elements goes back to the app as
// events (kinds as in a11y_tree.cpp).
mergeInto(LibraryManager.library, {
  $A11y: {
    root: null,
    elements: {}, // node id -> element
    last: "", // the nodes last applied, as JSON
    wanted: null, // a focus asked for before its element exists: {id, select}
    cString: function (text) {
      var size = lengthBytesUTF8(text) + 1;
      var p = _malloc(size);
      stringToUTF8(text, p, size);
      return p;
    },
    send: function (kind, id, text, a, b) {
      var idp = A11y.cString(id || "");
      var textp = A11y.cString(text || "");
      _camera_counter_a11y_event(kind, idp, textp, a | 0, b | 0);
      _free(idp);
      _free(textp);
    },
    nodeOf: function (el) {
      return el && el.dataset && el.dataset.node && A11y.root.contains(el) ? el.dataset.node : null;
    },
    sendSelection: function (el) {
      A11y.send(4, el.dataset.node, "", el.selectionStart, el.selectionEnd);
    },
    tagFor: function (role) {
      if (role == "textbox") return "INPUT";
      if (role == "button" || role == "menuitem") return "BUTTON";
      return "DIV";
    },
    attr: function (el, name, value) {
      if (value === undefined || value === null) {
        if (el.hasAttribute(name)) el.removeAttribute(name);
      } else if (el.getAttribute(name) !== String(value)) {
        el.setAttribute(name, String(value));
      }
    },
    // Brings one element in line with its node; positions are relative to its container's box.
    update: function (el, n, parentBox) {
      var set = A11y.attr;
      var native = { textbox: 1, button: 1 };
      set(el, "role", native[n.role] ? null : n.role);
      if (el.tagName == "INPUT") {
        set(el, "type", n.password ? "password" : "text");
        set(el, "inputmode", n.digits ? "numeric" : null);
        set(el, "autocomplete", n.password ? "current-password" : "off");
        set(el, "aria-label", n.name);
        if (el.value !== n.value) el.value = n.value;
      } else if (el.tagName == "BUTTON" || n.role == "listitem" || n.role == "alert" || n.role == "status") {
        if (el.textContent !== n.name) el.textContent = n.name;
      } else {
        set(el, "aria-label", n.name);
      }
      set(el, "aria-modal", n.role == "dialog" ? "true" : null);
      set(el, "aria-disabled", n.disabled ? "true" : null);
      set(el, "aria-busy", n.busy ? "true" : null);
      set(el, "aria-invalid", n.invalid ? "true" : null);
      set(el, "aria-haspopup", n.opensMenu ? "menu" : null);
      set(el, "aria-expanded", n.expanded === undefined ? null : n.expanded);
      set(el, "aria-pressed", n.pressed === undefined ? null : n.pressed);
      set(el, "tabindex", n.role == "menuitem" ? "-1" : null);
      var s = el.style, b = n.box;
      s.left = b[0] - parentBox[0] + "px";
      s.top = b[1] - parentBox[1] + "px";
      s.width = b[2] + "px";
      s.height = b[3] + "px";
    },
    apply: function (nodes) {
      var seen = {}, boxes = {}, last = {}, dialog = null;
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i];
        seen[n.id] = true;
        boxes[n.id] = n.box;
        var el = A11y.elements[n.id];
        if (!el || el.tagName != A11y.tagFor(n.role)) {
          if (el) el.remove();
          el = document.createElement(A11y.tagFor(n.role));
          if (el.tagName == "BUTTON") el.type = "button";
          el.dataset.node = n.id;
          A11y.elements[n.id] = el;
        }
        var container = (n.parent && A11y.elements[n.parent]) || A11y.root;
        A11y.update(el, n, (n.parent && boxes[n.parent]) || [0, 0]);
        // In drawing order, which is the Tab order; an element is moved only when out of place
        // (moving the focused one would blur it).
        var before = last[n.parent] ? last[n.parent].nextSibling : container.firstChild;
        if (el !== before || el.parentNode !== container) container.insertBefore(el, before);
        last[n.parent] = el;
        if (n.role == "dialog") dialog = el;
      }
      for (var id in A11y.elements) {
        if (!seen[id]) {
          A11y.elements[id].remove();
          delete A11y.elements[id];
        }
      }
      // A modal dialog: nothing else can be reached while it is open.
      for (var c = A11y.root.firstElementChild; c; c = c.nextElementSibling)
        c.inert = dialog !== null && c !== dialog;
    },
    applyFocus: function () {
      var w = A11y.wanted;
      var el = w && A11y.elements[w.id];
      if (!el || el.closest("[inert]")) return; // not there yet, or behind a closing dialog
      A11y.wanted = null;
      if (document.activeElement !== el) el.focus();
      if (w.select && el.select) {
        el.select();
        A11y.sendSelection(el);
      }
    },
    // Tab and Shift+Tab stay inside an open dialog.
    trapTab: function (e) {
      var dialog = e.target.closest && e.target.closest("[role=dialog]");
      if (!dialog) return;
      var stops = dialog.querySelectorAll("input, button");
      if (!stops.length) return;
      var first = stops[0], lastStop = stops[stops.length - 1];
      if (e.shiftKey && e.target === first) {
        lastStop.focus();
        e.preventDefault();
      } else if (!e.shiftKey && e.target === lastStop) {
        first.focus();
        e.preventDefault();
      }
    },
  },
  js_a11y_install__deps: ["$A11y"],
  js_a11y_install: function () {
    var root = (A11y.root = document.getElementById("a11y"));
    root.addEventListener("click", function (e) {
      var el = e.target.closest("button");
      var id = A11y.nodeOf(el);
      if (id) A11y.send(0, id);
    });
    root.addEventListener("focusin", function (e) {
      var id = A11y.nodeOf(e.target);
      if (id) A11y.send(1, id, "", e.target.matches(":focus-visible") ? 1 : 0);
    });
    root.addEventListener("focusout", function (e) {
      if (!A11y.nodeOf(e.relatedTarget)) A11y.send(2);
    });
    root.addEventListener("input", function (e) {
      var el = e.target;
      if (A11y.nodeOf(el)) A11y.send(3, el.dataset.node, el.value, el.selectionStart, el.selectionEnd);
    });
    document.addEventListener("selectionchange", function () {
      var el = document.activeElement;
      if (el && el.tagName == "INPUT" && A11y.nodeOf(el)) A11y.sendSelection(el);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key == "Escape") {
        A11y.send(5);
      } else if (e.key == "Enter" && e.target.tagName == "INPUT" && A11y.nodeOf(e.target)) {
        e.preventDefault();
        A11y.send(6);
      } else if (e.key == "Tab") {
        A11y.trapTab(e);
      }
    });
  },
  js_a11y_sync__deps: ["$A11y"],
  js_a11y_sync: function (json) {
    var text = UTF8ToString(json);
    if (text !== A11y.last) {
      A11y.last = text;
      A11y.apply(JSON.parse(text));
    }
    A11y.applyFocus();
  },
  js_a11y_focus__deps: ["$A11y"],
  js_a11y_focus: function (id, select) {
    A11y.wanted = { id: UTF8ToString(id), select: select != 0 };
    A11y.applyFocus();
  },
});
