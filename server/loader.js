// Silcrow loader. Defines window.Silcrow, boots silcrow.wasm, and is the
// runtime's bridge to the browser. A page includes it right after
// wasm_exec.js, both synchronous:
//
//   <script src="/_silcrow/wasm_exec.<hash>.js"></script>
//   <script src="/_silcrow/silcrow.<hash>.js" data-wasm="/_silcrow/silcrow.<hash>.wasm"></script>
//
// Calls of Silcrow's methods made before the runtime is ready are queued
// and replayed in order; then "silcrow:ready" fires on document.
//
// The bridge below decides nothing. Go sends the DOM work of a message as
// one command list (apply), asks for what it needs to read in one call
// (read), and learns of socket events, DOM mutations and method calls
// through its exported functions, with the bytes written into its own
// memory. Nodes cross as handles into the node table. The encoding and
// the opcodes are defined in Go, package client/internal/bridge.
(() => {
  "use strict";

  // A second include must neither replace the object the page already holds
  // (and the calls queued on it) nor boot a second runtime.
  if (window.Silcrow) return;

  // Performance marks of the boot, for the DevTools timeline and the
  // benchmarks: silcrow:loader (this script runs), silcrow:compiled (the
  // module is compiled and instantiated), silcrow:ready (the runtime has
  // booted and its sockets are opening).
  const mark = (name) => performance.mark && performance.mark(name);
  mark("silcrow:loader");

  // Only valid while this script first runs, so read it now.
  const script = document.currentScript;
  const url = script && script.getAttribute("data-wasm");
  // Start the download now, before the document is parsed further (the
  // page's preload, if any, has it under way already).
  const download = url && typeof Go === "function" ? fetch(url) : null;

  // DOM entry points from the prototypes: markup cannot shadow them
  // (<form><input name="attributes">, <img name="body">).
  const own = (C, name) => Object.getOwnPropertyDescriptor(C.prototype, name);
  const getter = (C, name) => own(C, name).get;
  const method = (C, name) => own(C, name).value;
  const N = Node, E = Element, D = Document, F = DocumentFragment;
  const firstChild = getter(N, "firstChild"), nextSibling = getter(N, "nextSibling"),
    parentNode = getter(N, "parentNode"), nodeType = getter(N, "nodeType"),
    isConnected = getter(N, "isConnected"), textGet = getter(N, "textContent"),
    textSet = own(N, "textContent").set, dataGet = getter(CharacterData, "data"),
    dataSet = own(CharacterData, "data").set, insertBefore = method(N, "insertBefore"),
    removeChild = method(N, "removeChild"), contains = method(N, "contains"),
    getAttr = method(E, "getAttribute"), setAttr = method(E, "setAttribute"),
    removeAttr = method(E, "removeAttribute"), hasAttr = method(E, "hasAttribute"),
    matches = method(E, "matches"),
    closest = method(E, "closest"), tagName = getter(E, "tagName"), localName = getter(E, "localName"),
    firstElement = getter(E, "firstElementChild"), nextElement = getter(E, "nextElementSibling"),
    body = getter(D, "body"), byId = method(D, "getElementById"), query = method(D, "querySelector"),
    importNode = method(D, "importNode"), content = getter(HTMLTemplateElement, "content"),
    fragFirst = getter(F, "firstElementChild"),
    dispatch = method(EventTarget, "dispatchEvent"), attributes = getter(E, "attributes"),
    namespace = getter(E, "namespaceURI"),
    createElement = method(D, "createElement"), innerHTML = own(E, "innerHTML").set,
    insertions = ["replaceChildren", "replaceWith", "append", "prepend", "before", "after"].map((m) => method(E, m)),
    queryAll = { 1: method(E, "querySelectorAll"), 9: method(D, "querySelectorAll"), 11: method(F, "querySelectorAll") };
  const isTemplate = (n) => n instanceof HTMLTemplateElement;
  // A document with no elements: a name found on it is a built-in
  // property of documents, which a named <form> or <img> would shadow.
  const blank = document.implementation.createHTMLDocument("");

  // The node table. Handle 0 is null, 1 the document. A node has one
  // handle while Go holds it; refs counts the times Go received it, and
  // each is given back once (release). ids finds a node's handle; it is a
  // Map, not a WeakMap, since the table holds every node in it anyway
  // and release removes both, and a WeakMap's insertions cost several
  // times a Map's.
  const nodes = [null, document], refs = [0, 1], free = [], ids = new Map([[document, 1]]);
  // slot returns a handle not in use.
  const slot = () => free.length ? free.pop() : nodes.length;
  const hold = (n) => {
    if (!n) return 0;
    let h = ids.get(n);
    if (h === undefined) {
      h = slot();
      nodes[h] = n;
      refs[h] = 0;
      ids.set(n, h);
    }
    refs[h]++;
    return h;
  };
  const release = (h) => {
    if (h > 1 && --refs[h] === 0) {
      if (nodes[h]) ids.delete(nodes[h]);
      nodes[h] = null;
      free.push(h);
    }
  };

  let go = null; // the instance's exports
  const te = new TextEncoder(), td = new TextDecoder();

  // The writer: what the bridge sends to Go, copied into Go's inbound
  // buffer by done().
  let wb = new Uint8Array(4096), wv = new DataView(wb.buffer), wn = 0;
  const room = (k) => {
    if (wn + k > wb.length) {
      const b = new Uint8Array(Math.max(wb.length * 2, wn + k));
      b.set(wb);
      wb = b;
      wv = new DataView(b.buffer);
    }
  };
  const w8 = (v) => { room(1); wb[wn++] = v; };
  const w32 = (v) => { room(4); wv.setUint32(wn, v, true); wn += 4; };
  const wf64 = (v) => { room(8); wv.setFloat64(wn, v, true); wn += 8; };
  // wstr copies a short ASCII string, as most names and values are, a
  // char at a time: cheaper than encodeInto and the view it needs.
  const wstr = (s) => {
    s = String(s);
    const k = s.length, at = wn + 4;
    room(4 + k * 3);
    let n = 0;
    if (k <= 64) for (let c; n < k && (c = s.charCodeAt(n)) < 128; n++) wb[at + n] = c;
    if (n < k) n = te.encodeInto(s, wb.subarray(at)).written;
    wv.setUint32(wn, n, true);
    wn = at + n;
  };
  const wopt = (s) => { w8(s == null ? 0 : 1); wstr(s == null ? "" : s); };
  // done copies what was written since base into Go's inbound buffer and
  // returns its length. A writer's user records wn as its base first:
  // page code it runs may call into Go, which writes after it.
  // silcrow_in may grow Go's memory, so the view is renewed after it.
  const done = (base) => {
    const n = wn - base, p = go.silcrow_in(n);
    view();
    M8.set(wb.subarray(base, wn), p);
    wn = base;
    return n;
  };
  // put writes a string straight into Go's inbound buffer.
  const put = (s) => {
    const max = s.length * 3, p = go.silcrow_in(max);
    view();
    return te.encodeInto(s, M8.subarray(p, p + max)).written;
  };
  // Every export returns 1 when it started a goroutine or a timer, which
  // only run once Go's scheduler does: wake runs it, as wasm_exec.js does
  // after an event, from a task of its own, since Go may be running
  // further up the stack.
  let runtime = null, waking = false;
  const wake = (started) => {
    if (started && !waking) {
      waking = true;
      setTimeout(() => { waking = false; runtime._resume(); }, 0);
    }
  };

  // Go's bytes are read in place: P is the cursor, M8 and MV view Go's
  // memory. Growing the memory detaches the old buffer, so view() renews
  // them before each command. Page code run by a command may call into
  // Go, and so into apply or read again: each restores P when it is done.
  let M8 = new Uint8Array(0), MV = null, P = 0;
  const view = () => {
    if (M8.byteLength === 0) {
      M8 = new Uint8Array(go.mem.buffer);
      MV = new DataView(go.mem.buffer);
    }
  };
  const u8 = () => M8[P++];
  const u32 = () => { P += 4; return MV.getUint32(P - 4, true); };
  const f64 = () => { P += 8; return MV.getFloat64(P - 8, true); };
  // str reads a string: ASCII, by far the most common, is made from the
  // bytes directly, 4 KB at a time; anything else goes through the
  // TextDecoder, from a copy (decoding a view of Go's memory is slower).
  const str = () => {
    const n = u32(), end = P + n;
    let i = P;
    while (i < end && M8[i] < 128) i++;
    let s = "";
    if (i < end) s = td.decode(M8.slice(P, end));
    else for (i = P; i < end; i += 4096) s += String.fromCharCode.apply(null, M8.subarray(i, Math.min(i + 4096, end)));
    P = end;
    return s;
  };
  const node = () => nodes[u32()];
  const strs = () => Array.from({ length: u32() }, str);

  const sockets = new Map();
  let result;
  const shared = new Map();
  const freeze = (v) => {
    if (v && typeof v === "object") {
      Object.values(v).forEach(freeze);
      Object.freeze(v);
    }
    return v;
  };
  const eventInit = (flags, detail) => ({
    bubbles: !!(flags & 1),
    cancelable: !!(flags & 2),
    detail: detail === "" ? undefined : JSON.parse(detail),
  });

  // fire reads OpFire's operands and dispatches the event; it returns
  // what dispatchEvent does.
  const fire = () => {
    const t = node(), name = str(), detail = str(), flags = u8(), members = [];
    for (let i = u32(); i > 0; i--) {
      const m = str();
      const kind = u8();
      members.push([m, kind === 0 ? node() : kind === 2 ? Array.from({ length: u32() }, node) : new Error(str())]);
    }
    let init;
    if (flags & 4) {
      const key = name + "\0" + detail;
      init = shared.get(key);
      if (!init) {
        if (shared.size >= 256) shared.clear();
        shared.set(key, init = freeze(eventInit(flags, detail)));
      }
    } else {
      init = eventInit(flags, detail);
      if (members.length) {
        init.detail = init.detail || {};
        for (const [m, v] of members) init.detail[m] = v;
      }
    }
    mine();
    try { return dispatch.call(t, new CustomEvent(name, init)); } finally { theirs(); }
  };

  // outside counts the changes made to the document by anyone but the
  // applier: page scripts, the user's editing, the runtime's own cold
  // paths. Go reads it (silcrow.changes) and skips checking a bound text
  // or attribute it wrote when the count has not moved since. The
  // applier's own changes are taken off the observer's queue before they
  // can count, those of the listeners of the events it fires are not, and
  // a swapped-in fragment counts. Attributes count only by the names Go
  // watches (OpWatch), so that a page animating style or class costs the
  // observer nothing. Without an observer, every change counts.
  let outside = 0;
  const watcher = typeof MutationObserver === "function" ? new MutationObserver(() => { outside++; }) : null;
  const attrNames = [];
  const watch = () => {
    if (watcher) watcher.observe(document, { subtree: true, childList: true, characterData: true, attributeFilter: attrNames });
  };
  watch();
  const mine = () => { if (watcher) watcher.takeRecords(); };
  const theirs = () => { if (!watcher || watcher.takeRecords().length) outside++; };
  const changes = () => { theirs(); return outside >>> 0; };

  // The commands, by opcode: each reads its operands, then acts. One
  // small function per command rather than one switch: V8 optimizes each
  // on its own, so a command seen for the first time after the others got
  // hot costs no deoptimization of the whole applier, and a fresh page
  // reaches optimized code sooner.
  const commands = [];
  commands[1] = () => { // text
    const n = node(), s = str(), f = firstChild.call(n);
    if (f && nodeType.call(f) === 3 && !nextSibling.call(f)) {
      if (dataGet.call(f) !== s) dataSet.call(f, s);
    } else if (textGet.call(n) !== s) textSet.call(n, s);
  };
  commands[2] = () => { // attribute
    const n = node(), name = str(), v = str();
    if (getAttr.call(n, name) !== v) setAttr.call(n, name, v);
  };
  commands[3] = () => { const n = node(); removeAttr.call(n, str()); };
  commands[4] = () => { // property
    const n = node(), name = str(), kind = u8();
    const v = kind === 0 ? str() : kind === 1 ? u8() === 1 : f64();
    if (!Reflect.set(n, name, v)) throw new Error("the property is read-only here");
  };
  commands[5] = () => { const p = node(), n = node(), b = node(); insertBefore.call(p, n, b); };
  commands[6] = () => { const n = node(), p = parentNode.call(n); if (p) removeChild.call(p, n); };
  // take gives handle h to node n.
  const take = (h, n) => { nodes[h] = n; ids.set(n, h); };
  commands[7] = () => { // clone
    const h = u32(), t = node();
    take(h, importNode.call(document, fragFirst.call(content.call(t)), true));
  };
  commands[8] = fire;
  commands[9] = () => release(u32());
  commands[10] = () => { // open a WebSocket (kind 0, offering the protocols) or an EventSource (1)
    const id = u32(), kind = u8(), u = str(), protocols = strs();
    const report = (k, code, text) => wake(go.silcrow_socket(k, id, code, put(text)));
    try {
      if (kind === 1) {
        const es = new EventSource(u);
        es.onopen = () => report(0, 0, "");
        // An SSE event is reported as its name, its id and its data,
        // a line each; the names are ours, ids hold no line feed.
        const each = (e) => report(4, 0, `${e.type}\n${e.lastEventId}\n${e.data}`);
        ["message", "patch", "html", "invalidate", "navigate", "custom"].forEach((n) => es.addEventListener(n, each));
        // The browser would retry on its own schedule: Go's backoff decides.
        es.onerror = () => { es.close(); sockets.delete(id); report(3, 1006, "EventSource error"); };
        sockets.set(id, es);
      } else {
        const ws = new WebSocket(u, protocols);
        ws.binaryType = "arraybuffer";
        ws.onopen = () => report(0, 0, ws.protocol);
        ws.onmessage = (e) => typeof e.data === "string" ? report(1, 0, e.data) : report(2, 0, "");
        ws.onclose = (e) => { sockets.delete(id); report(3, e.code, e.reason); };
        sockets.set(id, ws);
      }
    } catch (e) {
      const why = `${kind === 1 ? "EventSource" : "WebSocket"}(${JSON.stringify(u)}): ${e.message}`;
      setTimeout(() => report(3, 1006, why), 0);
    }
  };
  commands[11] = () => { const id = u32(), s = str(); sockets.get(id).send(s); };
  commands[12] = () => { // close a socket; it reports nothing more
    const id = u32(), code = u32(), why = str(), ws = sockets.get(id);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      sockets.delete(id);
      ws.close(code, why);
    }
  };
  commands[13] = () => {
    const s = str(), b = body.call(document);
    if (b && hasAttr.call(b, "s-debug")) console.warn("[silcrow] " + s);
  };
  commands[14] = () => { refs[u32()]++; };
  commands[15] = () => { // a fragment swapped in: not a bound element's write, so it counts as outside
    const t = node(), f = node(), how = u8();
    outside++;
    insertions[how].call(t, f);
  };
  commands[16] = () => { // clone, and take the bound elements it holds
    const h = u32(), t = node(), sel = str(), hs = [];
    for (let k = u32(); k > 0; k--) hs.push(u32());
    const c = importNode.call(document, fragFirst.call(content.call(t)), true);
    take(h, c);
    const found = queryAll[1].call(c, sel);
    if (found.length !== hs.length) throw new Error("the clone does not match its template's first clone");
    for (let i = 0; i < hs.length; i++) take(hs[i], found[i]);
  };
  commands[17] = () => { // the value a Silcrow method returns: JSON, with arrays of nodes put in
    const v = JSON.parse(str());
    for (let k = u32(); k > 0; k--) { const i = u32(), m = str(); v[i][m] = Array.from({ length: u32() }, node); }
    result = v;
  };
  commands[18] = () => { // watch the attributes called name
    const name = str();
    for (const n of [name, name.toLowerCase()]) {
      if (!attrNames.includes(n)) attrNames.push(n);
    }
    watch();
  };

  // apply carries out a command list; each command's operands are read
  // before it acts, so a command that throws leaves the rest in step. It
  // returns the byte length of the failures it wrote for Go, or 0.
  const apply = (ptr, len) => {
    const saved = P, end = ptr + len, base = wn, fails = [];
    theirs();
    P = ptr;
    for (let ord = 0; P < end; ord++) {
      view();
      const op = u8(), command = commands[op];
      try {
        if (!command) throw new Error("unknown command " + op);
        command();
      } catch (e) {
        fails.push(ord, String(e && e.message || e));
      }
    }
    mine();
    P = saved;
    for (let i = 0; i < fails.length; i += 2) { w32(fails[i]); wstr(fails[i + 1]); }
    return fails.length ? done(base) : 0;
  };

  const attrs = (el, names) => names.forEach((n) => wopt(getAttr.call(el, n)));

  // describe writes every node below root (in its content, for a
  // template) but text, in document order, each followed by its subtree
  // (a template's content included): handle,
  // node type, depth, and for an element its local name, whether it is
  // an HTML element, and its attributes (name, namespace, value, and
  // whether an id or name value names a built-in document property).
  const describe = (root) => {
    const found = [], stack = [];
    if (isTemplate(root)) root = content.call(root);
    const below = (parent, depth) => {
      const kids = [];
      for (let n = firstChild.call(parent); n; n = nextSibling.call(n)) kids.push(n);
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth]);
    };
    below(root, 0);
    while (stack.length) {
      const [n, depth] = stack.pop(), t = nodeType.call(n);
      if (t === 3) continue;
      found.push([n, t, depth]);
      if (t === 1) {
        if (isTemplate(n)) below(content.call(n), depth + 1);
        below(n, depth + 1);
      }
    }
    w32(found.length);
    for (const [n, t, depth] of found) {
      w32(hold(n));
      w8(t);
      w32(depth);
      if (t !== 1) continue;
      wstr(localName.call(n));
      w8(namespace.call(n) === "http://www.w3.org/1999/xhtml" ? 1 : 0);
      const list = attributes.call(n);
      w32(list.length);
      for (let i = 0; i < list.length; i++) {
        const a = list[i];
        wstr(a.name);
        wopt(a.namespaceURI);
        wstr(a.value);
        w8((a.name === "id" || a.name === "name") && Reflect.has(blank, a.value) ? 1 : 0);
      }
    }
  };

  // Go's clock and timers are the page's: silcrow.wasm does without Go's
  // time package. A timer calls back through silcrow_timer; a negative
  // delay clears it.
  const now = () => performance.now();
  const timers = new Map();
  const timer = (id, ms) => {
    if (ms < 0) {
      clearTimeout(timers.get(id));
      timers.delete(id);
      return;
    }
    timers.set(id, setTimeout(() => { timers.delete(id); wake(go.silcrow_timer(id)); }, ms));
  };

  // The reads, by opcode, one function each as the commands are: each
  // reads its request and writes its answer.
  const reads = [];
  reads[64] = () => { // query
    const sel = str();
    let el;
    try { el = query.call(document, sel); } catch (e) { w8(2); wstr(e.message); return; }
    if (el) { w8(1); w32(hold(el)); } else w8(0);
  };
  reads[65] = () => { // scan
    const n = node(), top = str(), all = str(), names = strs(), t = nodeType.call(n);
    const found = t === 1 && matches.call(n, top) ? [n] : [];
    w8(found.length);
    if (queryAll[t]) found.push(...queryAll[t].call(n, all));
    w32(found.length);
    for (const el of found) { w32(hold(el)); wstr(tagName.call(el)); attrs(el, names); }
  };
  reads[66] = () => { // children
    const n = node(), names = strs(), found = [];
    for (let c = firstElement.call(n); c; c = nextElement.call(c)) found.push(c);
    w32(found.length);
    for (const el of found) { w32(hold(el)); attrs(el, names); }
  };
  reads[67] = () => { // template
    const n = node(), id = str();
    let t = id ? byId.call(document, id) : firstElement.call(n);
    while (!id && t && !isTemplate(t)) t = nextElement.call(t);
    w32(t && isTemplate(t) ? hold(t) : 0);
  };
  reads[68] = () => w32(hold(nextSibling.call(node())));
  reads[69] = () => { // value
    const n = node(), what = u8(), name = str();
    if (what === 0) wstr(textGet.call(n));
    else if (what === 1) wopt(getAttr.call(n, name));
    else {
      const v = Reflect.get(n, name), t = typeof v;
      if (t === "string") { w8(0); wstr(v); }
      else if (t === "boolean") { w8(1); w8(v ? 1 : 0); }
      else if (t === "number") { w8(2); wf64(v); }
      else w8(3);
    }
  };
  reads[70] = () => { // relations
    const root = node();
    for (let i = u32(); i > 0; i--) {
      const n = node();
      w8((contains.call(root, n) ? 1 : 0) | (contains.call(n, root) ? 2 : 0) | (isConnected.call(n) ? 4 : 0));
    }
  };
  reads[71] = () => { // reserve
    for (let i = u32(); i > 0; i--) {
      const h = slot();
      nodes[h] = null;
      refs[h] = 1;
      w32(h);
    }
  };
  reads[72] = () => { const n = node(), sel = str(); w32(nodeType.call(n) === 1 ? hold(closest.call(n, sel)) : 0); };
  reads[73] = () => { // parse markup into an inert template's content, and describe it
    const markup = str(), t = createElement.call(document, "template");
    try { innerHTML.call(t, markup); } catch (e) { w8(0); wstr(e.message); return; }
    const c = content.call(t);
    w8(1);
    w32(hold(c));
    describe(c);
  };
  reads[74] = () => describe(node());
  reads[75] = () => { const p = parentNode.call(node()); w32(p && nodeType.call(p) === 1 ? hold(p) : 0); };
  reads[76] = () => w8(fire() ? 1 : 0);

  // read answers one request with the byte length of its result; an
  // unknown one gets an empty answer.
  const read = (ptr, len) => {
    const saved = P, base = wn;
    view();
    P = ptr;
    const answer = reads[u8()];
    if (answer) answer();
    P = saved;
    return done(base);
  };

  // The s-live observer reports the elements with s-live in added subtrees
  // and those whose s-live changed, and whether anything was removed.
  let observer = null;
  const observe = () => {
    observer = new MutationObserver((records) => {
      let removed = 0;
      const found = [];
      for (const rec of records) {
        if (rec.type !== "childList") { found.push(rec.target); continue; }
        if (rec.removedNodes.length) removed = 1;
        for (const n of rec.addedNodes) {
          if (!isConnected.call(n)) continue;
          const t = nodeType.call(n);
          if (t === 1 && hasAttr.call(n, "s-live")) found.push(n);
          if (t === 1 || t === 11) found.push(...queryAll[t].call(n, "[s-live]"));
        }
      }
      if (!removed && !found.length) return;
      const base = wn;
      w8(removed);
      for (const el of found) { w32(hold(el)); wopt(getAttr.call(el, "s-live")); }
      wake(go.silcrow_mutations(done(base)));
    });
    observer.observe(body.call(document), { childList: true, subtree: true, attributes: true, attributeFilter: ["s-live"] });
  };

  // window.Silcrow. Its methods are final from the start: a reference
  // taken before boot (const send = Silcrow.send) keeps working after it.
  // Until boot, calls wait in S.__queue as {name, args}.
  const S = { __queue: [] };
  window.Silcrow = S;
  const methods = ["patch", "invalidate", "send", "live", "disconnect", "reconnect", "go",
    "optimistic", "revert", "destroy", "onToast", "onRoute", "onError", "connections"];
  const GO = methods.indexOf("go") + 1;
  // The page's lifecycle goes to Go as the call after the methods, with
  // what happened: online, offline, hidden, visible, frozen (pagehide into
  // the back-forward cache) or shown (pageshow from it).
  const LIFECYCLE = methods.length + 1;
  const lifecycle = [
    [window, "online", () => "online"],
    [window, "offline", () => "offline"],
    [document, "visibilitychange", () => document.visibilityState === "hidden" ? "hidden" : "visible"],
    [window, "pagehide", (e) => e.persisted && "frozen"],
    [window, "pageshow", (e) => e.persisted && "shown"],
  ].map(([t, name, what]) => [t, name, (e) => { const w = what(e); if (w) call(LIFECYCLE, [w]); }]);
  // Each argument goes to Go as a string, an element's handle, JSON, or
  // the handle of a value Go reads itself: a function, or go's options.
  const arg = (a, byRef) => {
    if (a === undefined) return w8(0);
    if (typeof a === "string") { w8(1); return wstr(a); }
    if (a instanceof E) { w8(2); return w32(hold(a)); }
    if (typeof a === "function" || byRef && a && typeof a === "object") { w8(5); return w32(hold(a)); }
    let j, why = "not JSON-encodable";
    try { j = JSON.stringify(a); } catch (e) { why = e.message; }
    if (j === undefined) { w8(4); return wstr(why); }
    w8(3);
    wstr(j);
  };
  // call returns what the method returns, which Go sets as its last
  // command (only connections returns something).
  const call = (m, args) => {
    const base = wn;
    w8(m);
    args.forEach((a, i) => arg(a, m === GO && i === 1));
    result = undefined;
    wake(go.silcrow_call(done(base)));
    const r = result;
    result = undefined;
    return r;
  };
  methods.forEach((name, i) => {
    const chain = name.startsWith("on");
    S[name] = (...args) => {
      let r;
      if (!S.__queue) r = call(i + 1, args);
      else if (name === "connections") return [];
      else S.__queue.push({ name, args });
      return chain ? S : r;
    };
  });
  // stream(root) returns an updater whose calls within one microtask
  // coalesce: only the last data is patched.
  S.stream = (root) => {
    let data, queued = false;
    return (d) => {
      data = d;
      if (!queued) {
        queued = true;
        queueMicrotask(() => { queued = false; S.patch(data, root); });
      }
    };
  };
  // The runtime puts its cache's has and clear on B.cache at boot.
  S.cache = {
    has: (path) => !!B.cache && B.cache.has(path),
    clear: (path) => { if (B.cache) B.cache.clear(path); },
  };

  // The runtime's cold-path functions, taken off Silcrow by the runtime
  // at boot.
  const B = {
    handleOf: hold,
    // held counts the nodes Go holds, for tests and diagnostics.
    held: () => nodes.length - free.length - 1,
    mark,
    nodeOf: (h) => nodes[h],
    observe,
    // ready replays the queued calls, in order.
    ready() {
      mark("silcrow:ready");
      const q = S.__queue;
      delete S.__queue;
      q.forEach(({ name, args }) => call(methods.indexOf(name) + 1, args));
      lifecycle.forEach(([t, name, f]) => t.addEventListener(name, f));
    },
    destroy() {
      lifecycle.forEach(([t, name, f]) => t.removeEventListener(name, f));
      if (observer) observer.disconnect();
      methods.forEach((name) => { delete S[name]; });
      delete S.stream;
    },
  };
  Object.defineProperty(S, "__bridge", { configurable: true, value: B });

  const fail = (error) => {
    console.error("[silcrow] the runtime failed to start:", error);
    document.dispatchEvent(new CustomEvent("silcrow:error", {
      bubbles: true,
      detail: { error, url },
    }));
  };

  const instantiate = async (imports) => {
    if (WebAssembly.instantiateStreaming) {
      try {
        return await WebAssembly.instantiateStreaming(download, imports);
      } catch (_) {
        // Streaming needs Content-Type: application/wasm; a server that sends
        // another type still serves usable bytes, so fetch them whole.
      }
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  };

  const boot = async () => {
    if (!url) {
      throw new Error("the loader's <script> needs data-wasm and must not be async, deferred or a module");
    }
    if (typeof Go !== "function") {
      throw new Error("wasm_exec.js must be included before the loader");
    }
    runtime = new Go();
    // Go's heap grows WebAssembly memory in 512 KiB arenas that are never
    // given back, so the collector runs at half the default growth: a
    // 1,000-item list patched 300 times then takes 2-3 MiB less, for a few
    // percent more time per patch. A memory limit (GOMEMLIMIT=5MiB) saves
    // one arena more but makes each list patch 35-70% slower. (runtime/debug
    // would set GOGC from Go for 24 KB more of gzipped wasm.)
    runtime.env = Object.assign({ GOGC: "50" }, runtime.env);
    runtime.importObject.silcrow = { apply, read, now, timer, changes };
    const { instance } = await instantiate(runtime.importObject);
    go = instance.exports;
    mark("silcrow:compiled");
    // run settles only when the Go program ends, which it must not do
    // while the page is alive.
    mark("silcrow:run");
    await runtime.run(instance);
    throw new Error("the runtime exited");
  };

  boot().catch(fail);
})();
