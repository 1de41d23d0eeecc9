// The hook of the wasmexec page, a function of the pageConfig (page.go)
// and of the in-memory file system (memfs.js). It runs before wasm_exec.js
// and the Silcrow loader, and changes nothing but the Go instance the
// loader creates with `new Go()` and the files that instance sees:
//
//   - window.Go becomes an accessor. wasm_exec.js assigns its class to it;
//     reading it gives a subclass whose instances run the test binary with
//     config.argv and config.env, once the document is parsed, and report
//     the exit code instead of printing it. The assignment also adds memfs to wasm_exec.js's fs,
//     which exists by then.
//   - a silcrow:error before the exit (the loader could not start the test
//     binary) is reported too, and so are a script under config.assets that
//     failed to load and a page that loaded without wasm_exec.js defining
//     Go: either would otherwise wait for an exit that never comes.
//
// A report goes to the Runtime binding config.binding as JSON, {exit: code}
// or {error: text}, and is kept in window.__wasmexecExit and
// window.__wasmexecError for whoever looks at the page.
(config, memfs) => {
  "use strict";

  const report = (message) => {
    const send = window[config.binding];
    if (typeof send === "function") send(JSON.stringify(message));
  };

  let Go;
  let defined = false;
  Object.defineProperty(window, "Go", {
    configurable: true,
    enumerable: true,
    get() { return Go; },
    set(Base) {
      if (typeof Base !== "function") {
        Go = Base;
        return;
      }
      defined = true;
      memfs(globalThis.fs);
      Go = class extends Base {
        constructor(...args) {
          super(...args);
          this.argv = [...config.argv];
          this.env = { ...config.env };
          this.exit = (code) => {
            window.__wasmexecExit = code;
            report({ exit: code });
          };
        }

        // Tests use document.body from their first line, as the runtime
        // only boots on a parsed document: the binary starts once the
        // document is parsed.
        async run(instance) {
          if (document.readyState === "loading") {
            await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
          }
          return super.run(instance);
        }
      };
    },
  });

  const failed = (error) => {
    if (window.__wasmexecExit !== undefined || window.__wasmexecError !== undefined) return;
    window.__wasmexecError = error;
    report({ error });
  };

  // A script that fails to load fires error on its element, which does not
  // bubble; a listener on window sees it in the capture phase. Only the
  // page's own scripts count, not those the tests add.
  window.addEventListener("error", (event) => {
    const script = event.target;
    if (script instanceof HTMLScriptElement && new URL(script.src, location.href).pathname.startsWith(config.assets)) {
      failed(`could not load the script ${script.src}`);
    }
  }, true);

  window.addEventListener("load", () => {
    if (!defined) failed("the page loaded and wasm_exec.js did not define Go");
  });

  // The loader also reports the end of the Go program as a failure, and for
  // a test binary the end is expected: failed ignores it.
  document.addEventListener("silcrow:error", (event) => {
    const error = event.detail && event.detail.error;
    failed("silcrow:error: " + (error instanceof Error ? (error.stack || String(error)) : String(error)));
  });
}
