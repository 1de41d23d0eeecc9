// The hook of the wasmexec page, a function of the pageConfig (page.go)
// and of the in-memory file system (memfs.js). It runs before wasm_exec.js
// and the Silcrow loader, and changes nothing but the Go instance the
// loader creates with `new Go()` and the files that instance sees:
//
//   - window.Go becomes an accessor. wasm_exec.js assigns its class to it;
//     reading it gives a subclass whose instances run the test binary with
//     config.argv and config.env, and report the exit code instead of
//     printing it. The assignment also adds memfs to wasm_exec.js's fs,
//     which exists by then.
//   - a silcrow:error before the exit (the loader could not start the test
//     binary) is reported too.
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
  Object.defineProperty(window, "Go", {
    configurable: true,
    enumerable: true,
    get() { return Go; },
    set(Base) {
      if (typeof Base !== "function") {
        Go = Base;
        return;
      }
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
      };
    },
  });

  document.addEventListener("silcrow:error", (event) => {
    // The loader also reports the end of the Go program as a failure, and
    // for a test binary the end is expected.
    if (window.__wasmexecExit !== undefined) return;
    const error = event.detail && event.detail.error;
    const text = error instanceof Error ? (error.stack || String(error)) : String(error);
    window.__wasmexecError = text;
    report({ error: text });
  });
}
