/// <reference path="../silcrow.d.ts" />

// A page script that uses every declaration of silcrow.d.ts the way a page
// would. `make typecheck` compiles it with tsc --strict and emits nothing;
// it is never run. Each @ts-expect-error line is a misuse the declarations
// must reject: if they were loosened (a detail typed any, a root typed
// unknown), the directive itself becomes the error and the check fails.

// Exact type equality, for the few places where "assignable" is too weak.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

const chat = document.getElementById("chat")!;
const root: Silcrow.Root = "#chat";

// Binding engine.
const patchOpts: Silcrow.PatchOptions = { invalidate: true, silent: false };
Silcrow.patch({ status: "connected" }, chat);
Silcrow.patch({ items: [{ key: "a", text: "A" }] }, root, patchOpts);
Silcrow.patch({ status: "quiet" }, "#chat-status", { silent: true });
Silcrow.invalidate(chat);
const update: (data: object) => void = Silcrow.stream("#counter");
update({ count: 1 });
update({ count: 2 });
Silcrow.optimistic(chat, { status: "sending…" });
Silcrow.revert("#chat");
// @ts-expect-error a root is an element or a selector, not a number
Silcrow.patch({ status: "x" }, 42);
// @ts-expect-error patch data is an object
Silcrow.patch("text", chat);

// Connections.
const message: Silcrow.SendData = { event: "chat", data: { text: "hi" } };
Silcrow.send(chat, message);
Silcrow.send("/ws/chat", "raw text, sent as is");
Silcrow.live(chat, "ws:/ws/chat");
Silcrow.live("#feed", "sse:/events/feed");
Silcrow.disconnect(chat);
Silcrow.reconnect(chat);
window.Silcrow.send(chat, { event: "typing", data: null });
// @ts-expect-error send needs data
Silcrow.send(chat);

// Navigation.
const method: Silcrow.Method = "POST";
const goOpts: Silcrow.GoOptions = { method, body: { title: "New" }, target: "#main", skipHistory: true };
Silcrow.go("/posts", goOpts);
Silcrow.go("/upload", { body: new FormData() });
Silcrow.go("/");
const cache: Silcrow.Cache = Silcrow.cache;
const cached: boolean = cache.has("/posts");
Silcrow.cache.clear("/posts");
Silcrow.cache.clear();
// @ts-expect-error methods are upper case, as fetch and the history rule compare them
Silcrow.go("/posts", { method: "post" });
// @ts-expect-error go's target is a selector
Silcrow.go("/posts", { target: chat });

// Handlers: registration chains and returns Silcrow.
const onToast: Silcrow.ToastHandler = (text, level) => console.log(level, text);
const onRoute: Silcrow.RouteHandler = async (ctx: Silcrow.RouteContext) => {
  const trigger: Silcrow.Trigger = ctx.trigger;
  if (ctx.redirected && ctx.finalUrl !== ctx.url) return false;
  return ctx.contentType.includes("json") || trigger === "api" || ctx.response.length > 0 || ctx.method === "GET";
};
const onError: Silcrow.ErrorHandler = (error, ctx: Silcrow.ErrorContext) => {
  console.error(error.message, ctx.url, ctx.method, ctx.trigger, ctx.target.id);
};
const api: Silcrow.Api = Silcrow.onToast(onToast).onRoute(onRoute).onError(onError);
api.onRoute(() => {}).onRoute((ctx) => ctx.url !== "/admin");
expectType<Equal<Silcrow.Trigger, "click" | "submit" | "popstate" | "ws" | "sse" | "header" | "api">>();
// @ts-expect-error a route handler's result is a boolean, nothing else
Silcrow.onRoute(() => "skip");
// @ts-expect-error patch returns nothing to chain on
Silcrow.patch({}, chat).patch({}, chat);

// Events on document.
document.addEventListener("silcrow:ready", (e) => {
  const detail: Silcrow.ReadyDetail = e.detail;
  console.log(Object.keys(detail).length);
});
document.addEventListener("silcrow:live:connect", (e) => {
  const d: Silcrow.LiveConnectDetail = e.detail;
  const protocol: Silcrow.Protocol = d.protocol;
  d.subscribers.forEach((el) => el.classList.add("online"));
  console.log(d.url, protocol);
  // @ts-expect-error subscribers are the elements, not a count
  const count: number = d.subscribers;
});
document.addEventListener("silcrow:live:send-dropped", (e) => {
  const d: Silcrow.LiveSendDroppedDetail = e.detail;
  console.warn(`not sent to ${d.url} (${d.protocol}): ${d.message}: ${d.reason}`);
  // @ts-expect-error message is text, not the object that was sent
  const n: number = d.message.length + d.message.data;
  console.log(n);
});

document.addEventListener("silcrow:live:disconnect", (e) => {
  const d: Silcrow.LiveDisconnectDetail = e.detail;
  const wait = d.reconnectIn === null ? "not reconnecting" : `reconnecting in ${d.reconnectIn} ms`;
  console.log(d.url, d.protocol, d.subscribers.length, d.code ?? 0, d.reason ?? "", wait);
  // @ts-expect-error reconnectIn may be null
  const ms: number = d.reconnectIn;
});
document.addEventListener("silcrow:live:gap", (e) => {
  const d: Silcrow.LiveGapDetail = e.detail;
  console.log(`lost events of ${d.room} after ${d.since.epoch}:${d.since.offset}; history ${d.epoch} ${d.first}..${d.last}`);
});
for (const c of Silcrow.connections()) {
  const state: "connecting" | "open" | "closed" = c.state;
  c.subscribers.forEach((el) => el.setAttribute("title", `${c.url} ${state}, ${c.queued} queued, attempt ${c.attempt}`));
  // @ts-expect-error paused is a boolean
  const paused: string = c.paused;
}
document.addEventListener("silcrow:navigate", (e) => {
  const d: Silcrow.NavigateDetail = e.detail;
  if (d.trigger === "popstate" && d.method === "GET" && d.url.endsWith("/admin")) e.preventDefault();
  console.log(d.path ?? d.url, d.target.tagName);
});
document.addEventListener("silcrow:before-swap", (e) => {
  const d: Silcrow.BeforeSwapDetail = e.detail;
  if (d.isJSON) {
    const data: unknown = d.content;
    console.log(data);
  } else {
    const html: Silcrow.BeforeSwapHTML = d;
    console.log(html.content.length, d.url, d.target.id);
    e.preventDefault();
    setTimeout(() => d.proceed(), 100);
  }
  // @ts-expect-error content is markup or JSON data, not known to be a string
  const markup: string = d.content;
});
document.addEventListener("silcrow:load", (e) => {
  const d: Silcrow.LoadDetail = e.detail;
  console.log(d.url, d.path, d.redirected, d.target.id);
});
document.addEventListener("silcrow:error", (e) => {
  const d: Silcrow.ErrorDetail = e.detail;
  console.error(d.error.name, d.url, d.path, d.message, d.status);
  // @ts-expect-error status is absent when there was no response
  const status: number = d.status;
});
document.addEventListener("silcrow:sse", (e) => {
  const d: Silcrow.SSEDetail = e.detail;
  Silcrow.live(d.target ?? document.body, `sse:${d.path}`);
});
document.addEventListener("silcrow:ws:chat", (e) => {
  const d: Silcrow.WsDetail = e.detail;
  const text = (d.data as { text: string }).text;
  console.log(d.url, text);
  // @ts-expect-error the server's data is unknown until the page checks it
  d.data.text;
});
document.addEventListener("silcrow:patched", (e) => console.log(e.detail.paths.join(",")));

// Events on a root element.
chat.addEventListener("silcrow:patched", function (e) {
  const d: Silcrow.PatchedDetail = e.detail;
  console.log(this.id, d.paths.length, d.applied?.length);
  // @ts-expect-error the detail is frozen and shared
  d.paths.push("status");
});
chat.addEventListener("silcrow:optimistic", (e) => {
  const d: Silcrow.OptimisticDetail = e.detail;
  console.log(d.root?.id, d.data, d.paths?.length, d.applied?.length);
});
chat.addEventListener("silcrow:revert", (e) => {
  const d: Silcrow.RevertDetail = e.detail;
  console.log(d.root?.id, d.paths?.length, d.applied?.length);
});
const svgRoot = document.querySelector("svg")!;
svgRoot.addEventListener("silcrow:patched", (e) => console.log(e.detail.paths));
// @ts-expect-error an element never receives document-only events with a typed detail
chat.addEventListener("silcrow:load", (e) => e.detail.url);

// The event maps as types.
const documentEvents: (keyof Silcrow.DocumentEvents)[] = ["silcrow:ready", "silcrow:ws:anything"];
const elementEvents: (keyof Silcrow.ElementEvents)[] = ["silcrow:patched"];
console.log(cached, documentEvents, elementEvents);

Silcrow.destroy();
