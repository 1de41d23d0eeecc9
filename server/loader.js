// Silcrow loader. Defines window.Silcrow as a stub that queues calls made
// before the runtime is ready, then boots silcrow.wasm. A page includes it
// right after wasm_exec.js, both synchronous:
//
//   <script src="/_silcrow/wasm_exec.<hash>.js"></script>
//   <script src="/_silcrow/silcrow.<hash>.js" data-wasm="/_silcrow/silcrow.<hash>.wasm"></script>
//
// The wasm installs the real methods on this same object, replays __queue
// in order, deletes it and fires "silcrow:ready" on document.
(() => {
  "use strict";

  // A second include must neither replace the object the page already holds
  // (and the calls queued on it) nor boot a second runtime.
  if (window.Silcrow) return;

  // Only valid while this script first runs, so read it now.
  const script = document.currentScript;
  const url = script && script.getAttribute("data-wasm");

  const S = { __queue: [] };
  window.Silcrow = S;

  // stub queues {name, args} until boot. A reference taken before boot
  // (const send = Silcrow.send) keeps working after it by calling the real
  // method installed under the same name.
  const stub = (name, queuedResult) => {
    const fn = (...args) => {
      if (S.__queue) {
        S.__queue.push({ name, args });
        return queuedResult;
      }
      if (S[name] === fn) throw new Error(`[silcrow] Silcrow.${name} is not available`);
      return S[name](...args);
    };
    return fn;
  };

  for (const name of ["patch", "invalidate", "send", "live", "disconnect", "reconnect",
    "go", "optimistic", "revert", "destroy"]) {
    S[name] = stub(name, undefined);
  }
  for (const name of ["onToast", "onRoute", "onError"]) {
    S[name] = stub(name, S);
  }

  // An updater made before boot queues its data as a patch of root; used
  // after boot it hands the data to a real updater, which coalesces.
  const stream = (root) => {
    if (!S.__queue) {
      if (S.stream === stream) throw new Error("[silcrow] Silcrow.stream is not available");
      return S.stream(root);
    }
    let real = null;
    return (data) => {
      if (S.__queue) {
        S.__queue.push({ name: "patch", args: [data, root] });
        return;
      }
      if (!real) real = S.stream(root);
      real(data);
    };
  };
  S.stream = stream;

  S.cache = { has() { return false; }, clear() {} };

  const fail = (error) => {
    console.error("[silcrow] the runtime failed to start:", error);
    document.dispatchEvent(new CustomEvent("silcrow:error", {
      bubbles: true,
      detail: { error, url },
    }));
  };

  const instantiate = async (go) => {
    if (WebAssembly.instantiateStreaming) {
      try {
        return await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
      } catch (_) {
        // Streaming needs Content-Type: application/wasm; a server that sends
        // another type still serves usable bytes, so fetch them whole.
      }
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return WebAssembly.instantiate(await response.arrayBuffer(), go.importObject);
  };

  const boot = async () => {
    if (!url) {
      throw new Error("the loader's <script> needs data-wasm and must not be async, deferred or a module");
    }
    if (typeof Go !== "function") {
      throw new Error("wasm_exec.js must be included before the loader");
    }
    const go = new Go();
    const { instance } = await instantiate(go);
    // go.run settles only when the Go program ends, which it must not do
    // while the page is alive.
    await go.run(instance);
    throw new Error("the runtime exited");
  };

  boot().catch(fail);
})();
