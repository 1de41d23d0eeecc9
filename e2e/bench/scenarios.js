// Page side of the browser benchmarks, loaded by the pages of both clients.
// Each function runs one scenario in this page and resolves with what it
// measured; every time is performance.now() taken in the page. The harness
// calls them through the DevTools protocol and awaits the promise.
(() => {
  "use strict";
  const send = (root, data) => (window.Ref ? window.Ref.send(root, data) : window.Silcrow.send(root, data));
  const $ = (id) => document.getElementById(id);
  const text = (id) => $(id).textContent;

  // guardMs only turns a scenario that cannot complete into a failure; it
  // never shortens or pads a measurement.
  const guardMs = 180000;

  // until resolves with performance.now() at the first DOM change of node
  // (or below it) after which done() holds. A MutationObserver callback
  // runs at the end of the task that made the change, so the time includes
  // all of that task's work. It rejects with describe()'s account of the
  // page when done() never holds.
  const until = (node, done, describe) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        mo.disconnect();
        reject(new Error("the page never reached the scenario's end state: " + describe()));
      }, guardMs);
      const mo = new MutationObserver(() => {
        if (!done()) return;
        const t = performance.now();
        mo.disconnect();
        clearTimeout(timer);
        resolve(t);
      });
      mo.observe(node, { childList: true, characterData: true, subtree: true });
    });

  // whenText is until for an element whose text becomes want.
  const whenText = (id, want) => until($(id), () => text(id) === want, () => `#${id} shows ${JSON.stringify(text(id))}, want ${JSON.stringify(want)}`);

  const listState = () =>
    [...$("list").children]
      .filter((el) => el.hasAttribute("s-key"))
      .map((el) => [el.dataset.key, ...[...el.querySelectorAll("[s-bind]")].map((b) => b.textContent)]);

  window.bench = {
    // S2: ask for n patches and time until #count shows the last one.
    async scalar(n) {
      const end = whenText("count", String(n));
      const t0 = performance.now();
      send($("s2"), { event: "start", data: {} });
      const ms = (await end) - t0;
      return {
        ms,
        shown: { count: text("count"), name: text("name"), draft: $("draft").value, busy: $("busy").disabled, state: $("state").getAttribute("data-state") },
      };
    },

    // S3, first half: ask for the initial list and time its rendering.
    async listInit() {
      const end = whenText("seq", "0");
      const t0 = performance.now();
      send($("s3"), { event: "init", data: {} });
      return { ms: (await end) - t0, items: listState().length };
    },

    // S3, second half: ask for n list patches, sent back to back, and time
    // until the last one shows. Patches apply in order, one per message
    // task, so the total over n is the time per patch.
    async listPatches(n) {
      const end = whenText("seq", String(n));
      const t0 = performance.now();
      send($("s3"), { event: "start", data: {} });
      const ms = (await end) - t0;
      return { ms, items: listState() };
    },

    // S4: ask for n html appends and time until the n-th is in the feed.
    async swaps(n) {
      const feed = $("feed");
      const last = "m" + n;
      const end = until(feed, () => feed.lastElementChild !== null && feed.lastElementChild.id === last,
        () => `#feed has ${feed.childElementCount} children, the last ${feed.lastElementChild && feed.lastElementChild.id}`);
      const t0 = performance.now();
      send($("s4"), { event: "start", data: {} });
      const ms = (await end) - t0;
      return { ms, count: feed.childElementCount, lastHTML: feed.lastElementChild.outerHTML };
    },

    // S5: n sequential round trips; each waits for the previous echo to
    // show before sending.
    echo(n) {
      const el = $("echo");
      const lat = [];
      return new Promise((resolve, reject) => {
        let i = 0;
        let t0 = 0;
        const timer = setTimeout(() => {
          mo.disconnect();
          reject(new Error(`echo ${i} never showed; #echo shows ${JSON.stringify(el.textContent)}`));
        }, guardMs);
        const next = () => {
          i++;
          t0 = performance.now();
          send($("s5"), { event: "echo", data: { n: i } });
        };
        const mo = new MutationObserver(() => {
          if (el.textContent !== String(i)) return;
          lat.push(performance.now() - t0);
          if (i < n) return next();
          mo.disconnect();
          clearTimeout(timer);
          resolve(lat);
        });
        mo.observe(el, { childList: true, characterData: true, subtree: true });
        next();
      });
    },

    // S7: remove the n s-live elements at once and time until the server,
    // having seen n closes, says so on the control socket.
    async cleanup(n) {
      const end = whenText("closed", String(n));
      const t0 = performance.now();
      $("s7-conns").remove();
      return { ms: (await end) - t0 };
    },
  };
})();
