// Reference client of the browser benchmarks: the plainest JavaScript that
// speaks Silcrow's wire format, to measure silcrow.wasm against. It applies
// every message with the most direct DOM call and checks nothing: no
// sanitizer, no URL rules, no write-only-what-changed, no keyed diff. Every
// patch rewrites every bound element whose path is in the data, every list
// patch rewrites every item's bound texts and re-appends every item in
// order, html goes through innerHTML and insertAdjacentHTML.
(() => {
  "use strict";
  const PROPS = new Set(["value", "checked", "disabled", "selected", "src", "href", "selectedIndex"]);
  const sockets = new Map(); // url -> {ws, roots}
  const liveRoots = new Set();
  const bindings = new WeakMap(); // root -> [{el, path, prop}]
  const lists = new WeakMap(); // container -> {tpl, byKey}

  const parse = (el, attr) => {
    const [path, prop] = attr.split(":");
    return { el, path: path.replace(/^\./, "").split("."), prop };
  };
  const lookup = (data, path) => {
    for (const p of path) {
      if (data == null) return undefined;
      data = data[p];
    }
    return data;
  };
  const write = (b, v) => {
    if (!b.prop) b.el.textContent = v;
    else if (PROPS.has(b.prop)) b.el[b.prop] = v;
    else b.el.setAttribute(b.prop, v);
  };

  const rootBindings = (root) => {
    let list = bindings.get(root);
    if (!list) {
      list = [];
      for (const el of [root, ...root.querySelectorAll("[s-bind]")]) {
        const attr = el.getAttribute("s-bind");
        if (attr && !attr.startsWith(".")) list.push(parse(el, attr));
      }
      bindings.set(root, list);
    }
    return list;
  };

  const renderList = (container, items) => {
    let state = lists.get(container);
    if (!state) {
      state = { tpl: container.querySelector("template").content.firstElementChild, byKey: new Map() };
      lists.set(container, state);
    }
    const next = new Map();
    for (const item of items) {
      const key = String(item.key);
      let node = state.byKey.get(key);
      if (!node) {
        const el = state.tpl.cloneNode(true);
        el.dataset.key = key;
        el.setAttribute("s-key", "");
        node = { el, locals: [...el.querySelectorAll("[s-bind]")].map((b) => parse(b, b.getAttribute("s-bind"))) };
      }
      for (const b of node.locals) write(b, lookup(item, b.path));
      container.appendChild(node.el);
      next.set(key, node);
    }
    for (const [key, node] of state.byKey) if (!next.has(key)) node.el.remove();
    state.byKey = next;
  };

  const patch = (root, data) => {
    for (const b of rootBindings(root)) {
      const v = lookup(data, b.path);
      if (v !== undefined) write(b, v);
    }
    for (const c of root.querySelectorAll("[s-list]")) {
      const items = data[c.getAttribute("s-list")];
      if (Array.isArray(items)) renderList(c, items);
    }
  };

  const WHERE = { append: "beforeend", prepend: "afterbegin", before: "beforebegin", after: "afterend" };
  const swap = (el, markup, how) => {
    if (how === "remove") el.remove();
    else if (how === "outer") el.outerHTML = markup;
    else if (WHERE[how]) el.insertAdjacentHTML(WHERE[how], markup);
    else el.innerHTML = markup;
  };

  const fire = (name, detail) => document.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));

  const apply = (conn, url, msg) => {
    if (msg.type === "navigate") return void (location.href = msg.path);
    if (msg.type === "custom") return fire("silcrow:ws:" + msg.event, { url, data: msg.data });
    for (const el of msg.target ? [document.querySelector(msg.target)] : conn.roots) {
      if (msg.type === "patch") patch(el, msg.data);
      else if (msg.type === "html") swap(el, msg.markup, msg.swap);
      else if (msg.type === "invalidate") bindings.delete(el);
    }
  };

  const live = (root, path) => {
    const url = new URL(path, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    let conn = sockets.get(url.href);
    if (!conn) {
      conn = { ws: new WebSocket(url.href), roots: [] };
      conn.ws.onopen = () => fire("silcrow:live:connect", { url: url.href, protocol: "ws", subscribers: conn.roots.length });
      conn.ws.onmessage = (e) => apply(conn, url.href, JSON.parse(e.data));
      sockets.set(url.href, conn);
    }
    conn.roots.push(root);
    root.__refSocket = conn;
    liveRoots.add(root);
  };

  // After any change below body, every live root that left the document
  // closes its socket (each root has its own socket in the benchmarks).
  const sweep = () => {
    for (const root of liveRoots) {
      if (root.isConnected) continue;
      liveRoots.delete(root);
      root.__refSocket.ws.close(1000);
    }
  };

  const send = (root, data) => {
    if (typeof root === "string") root = document.querySelector(root);
    root.closest("[s-live]").__refSocket.ws.send(typeof data === "string" ? data : JSON.stringify(data));
  };

  window.Ref = { patch, send, live };
  document.addEventListener("DOMContentLoaded", () => {
    for (const el of document.querySelectorAll("[s-live]")) live(el, el.getAttribute("s-live"));
    new MutationObserver(sweep).observe(document.body, { childList: true, subtree: true });
  });
})();
