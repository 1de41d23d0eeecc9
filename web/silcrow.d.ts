// TypeScript declarations of window.Silcrow and of the silcrow:* events, for
// pages that load silcrow.wasm (or Silcrow.js, whose API it keeps).
//
// This is a global script file, not a module: it has no import or export,
// so referencing it (/// <reference path="silcrow.d.ts" />) or listing it
// in a tsconfig's "files" or "include" declares the global `Silcrow` and
// adds the events to DocumentEventMap and ElementEventMap, which types
// document.addEventListener("silcrow:…") and el.addEventListener(…).

declare namespace Silcrow {
  /**
   * The element a call works on: an element, or a CSS selector whose first
   * match in the document is used. A selector that matches nothing makes
   * the call do nothing (a warning under `<body s-debug>`).
   */
  type Root = Element | string;

  /**
   * Data that is sent as JSON: a string is sent as is, anything else
   * JSON-encoded. A value JSON.stringify cannot encode is dropped with a
   * warning.
   */
  type SendData = string | number | boolean | null | object;

  /** The HTTP method of a navigation. Only GET navigations push history. */
  type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

  /**
   * What started a navigation: a click on an `[s-action]` element, a submit
   * of a `form[s-action]`, Back or Forward, a `navigate` event from a
   * WebSocket or an SSE stream, the `silcrow-navigate` response header, or a
   * call of Silcrow.go.
   */
  type Trigger = "click" | "submit" | "popstate" | "ws" | "sse" | "header" | "api";

  /** The transport of a live connection: WebSocket or Server-Sent Events. */
  type Protocol = "ws" | "sse";

  /** Options of Silcrow.patch. */
  interface PatchOptions {
    /** Rebuild the root's cached binding map before patching. */
    invalidate?: boolean;
    /** Do not fire silcrow:patched. */
    silent?: boolean;
  }

  /** Options of Silcrow.go. */
  interface GoOptions {
    /** The request method; GET unless a body is given, then POST. */
    method?: Method;
    /** The request body: FormData as is, anything else JSON-encoded. */
    body?: FormData | SendData;
    /** A CSS selector of the element the response goes into; default document.body. */
    target?: string;
    /** Leave the history alone: no entry is pushed. */
    skipHistory?: boolean;
  }

  /** The GET response cache of navigations (5 minutes, 50 entries). */
  interface Cache {
    /** Whether a fresh response for path (resolved against the page) is cached. */
    has(path: string): boolean;
    /** Drops the cached response for path, or every cached response without one. */
    clear(path?: string): void;
  }

  /** What a route handler learns of a navigation whose response has arrived. */
  interface RouteContext {
    /** The requested URL, absolute. */
    url: string;
    /** The URL of the response, after redirects. */
    finalUrl: string;
    /** Whether a redirect was followed. */
    redirected: boolean;
    method: Method;
    trigger: Trigger;
    /** The response body, as text. */
    response: string;
    /** The response's Content-Type ("" when it has none). */
    contentType: string;
    /** The element the response is about to go into. */
    target: Element;
  }

  /** What an error handler learns of the navigation that failed. */
  interface ErrorContext {
    url: string;
    method: Method;
    trigger: Trigger;
    target: Element;
  }

  /** A route handler: returning (or resolving to) false stops the swap. */
  type RouteHandler = (ctx: RouteContext) => boolean | void | Promise<boolean | void>;
  /** A toast handler: called once per toast of a response. */
  type ToastHandler = (message: string, level: string) => void;
  /** An error handler: called for each failed navigation, timeouts included. */
  type ErrorHandler = (error: Error, ctx: ErrorContext) => void;

  /**
   * window.Silcrow. Calls made before the runtime is ready are queued and
   * replayed in order; a call that fails never throws into the page, it
   * logs a warning under `<body s-debug>`.
   */
  interface Api {
    /**
     * Applies data to the `s-bind` and `s-list` bindings under root and then
     * fires silcrow:patched on root (unless `silent`). The root's binding
     * map is built on its first patch and cached.
     */
    patch(data: object, root: Root, opts?: PatchOptions): void;
    /** Drops root's cached binding map: the next patch scans root again. */
    invalidate(root: Root): void;
    /**
     * Returns an updater for root: calls made within one microtask are
     * coalesced and only the last data is patched.
     */
    stream(root: Root): (data: object) => void;
    /**
     * Sends data on the WebSocket of root: an `s-live` element (or an element
     * inside one), a selector of one, or a live URL ("/ws/chat", "ws:…").
     * Sent once per socket, however many elements share it; queued while
     * the socket is reconnecting.
     */
    send(root: Root, data: SendData): void;
    /**
     * Subscribes root to the live connection at url, as an `s-live`
     * attribute would: "/ws/chat" or "ws:/ws/chat" for a WebSocket,
     * "sse:/events" for Server-Sent Events. Same origin only.
     */
    live(root: Root, url: string): void;
    /**
     * Closes root's live connection and keeps it closed, for every element
     * that shares it, until Silcrow.reconnect.
     */
    disconnect(root: Root): void;
    /** Opens root's live connection again, with the backoff reset. */
    reconnect(root: Root): void;
    /**
     * Lists the live connections, by URL: a snapshot, taken again on each
     * call. Before the runtime is ready it is empty.
     */
    connections(): LiveConnection[];
    /**
     * Navigates to path without reloading: fetches it and swaps the HTML
     * response into the target (a JSON response is patched into it), then
     * pushes history for a GET.
     */
    go(path: string, opts?: GoOptions): void;
    /** The GET response cache of navigations. */
    readonly cache: Cache;
    /**
     * Patches data into root as Silcrow.patch does, after keeping a snapshot
     * of root that Silcrow.revert restores; fires silcrow:optimistic.
     */
    optimistic(root: Root, data: object): void;
    /**
     * Restores root to its snapshot from Silcrow.optimistic, drops its
     * cached binding map and fires silcrow:revert. Without a snapshot it
     * does nothing but warn.
     */
    revert(root: Root): void;
    /** Sets the handler of the toasts responses carry; returns Silcrow. */
    onToast(fn: ToastHandler): Api;
    /**
     * Sets the handler every navigation passes through once its response
     * has arrived; returning false (or a promise of false) stops the swap.
     * Returns Silcrow.
     */
    onRoute(fn: RouteHandler): Api;
    /** Sets the handler of failed navigations; returns Silcrow. */
    onError(fn: ErrorHandler): Api;
    /**
     * Closes every connection, removes every listener and stops every
     * timer. The methods are removed from Silcrow: calling one afterwards
     * throws a TypeError.
     */
    destroy(): void;
  }

  /** One live connection, as Silcrow.connections() lists it. */
  interface LiveConnection {
    /** The normalised URL of the connection. */
    url: string;
    protocol: Protocol;
    /** What its subscribers show in their `s-live-state` attribute. */
    state: "connecting" | "open" | "closed";
    /** The elements subscribed to it, a copy. */
    subscribers: Element[];
    /** Sends waiting for the socket to open. */
    queued: number;
    /** Reconnect attempts since it was last open; 0 while open. */
    attempt: number;
    /** It stays closed until Silcrow.reconnect (disconnected, or refused by the server). */
    paused: boolean;
  }

  /** The detail of silcrow:live:gap. */
  interface LiveGapDetail {
    /** The socket's URL. */
    url: string;
    /** The room whose events were lost. */
    room: string;
    /** The last position the page had seen in the room. */
    since: { epoch: string; offset: number };
    /** The room's history now: its epoch, and the first and last offsets it holds (0 when empty). */
    epoch: string;
    first: number;
    last: number;
  }

  /** silcrow:ready carries no data. */
  type ReadyDetail = Record<string, never>;

  /** The detail of silcrow:live:connect. */
  interface LiveConnectDetail {
    /** The normalised URL of the connection. */
    url: string;
    protocol: Protocol;
    /** The elements subscribed to the connection, a copy. */
    subscribers: Element[];
  }

  /** The detail of silcrow:live:send-dropped. */
  interface LiveSendDroppedDetail {
    /** The socket's URL. */
    url: string;
    protocol: Protocol;
    /** The message as it would have been sent: JSON text, or the string given. */
    message: string;
    /** Why it was dropped. */
    reason: string;
  }

  /** The detail of silcrow:live:disconnect. */
  interface LiveDisconnectDetail extends LiveConnectDetail {
    /** The WebSocket close code, when the server or the network closed it. */
    code?: number;
    /** The WebSocket close reason, when the server or the network closed it. */
    reason?: string;
    /**
     * Milliseconds until the next attempt, or null when there is none (the
     * connection was disconnected, or has no subscribers left).
     */
    reconnectIn: number | null;
  }

  /** The detail of silcrow:patched. Frozen: copy it to change it. */
  interface PatchedDetail {
    /** The bound paths of the root. */
    readonly paths: readonly string[];
    /** Of those, the paths present in the data that an element shows (silcrow.wasm). */
    readonly applied?: readonly string[];
  }

  /** The detail of silcrow:navigate. */
  interface NavigateDetail {
    /** The URL to fetch, absolute. */
    url: string;
    /** The path as given, before it was resolved. */
    path?: string;
    method: Method;
    trigger: Trigger;
    /** The element the response goes into. */
    target: Element;
  }

  /** What silcrow:before-swap carries in every case. */
  interface BeforeSwapBase {
    /** The URL of the response, after redirects. */
    url: string;
    /** The element the content goes into. */
    target: Element;
    /**
     * Swaps the content in now, once; later calls do nothing. A listener
     * that cancels the event may call it later to swap after all.
     */
    proceed(): void;
  }
  /** The detail of silcrow:before-swap for a JSON response: data to patch. */
  interface BeforeSwapJSON extends BeforeSwapBase {
    isJSON: true;
    content: unknown;
  }
  /** The detail of silcrow:before-swap for an HTML response: markup to swap in. */
  interface BeforeSwapHTML extends BeforeSwapBase {
    isJSON: false;
    content: string;
  }
  /** The detail of silcrow:before-swap; isJSON tells what content is. */
  type BeforeSwapDetail = BeforeSwapJSON | BeforeSwapHTML;

  /** The detail of silcrow:load. */
  interface LoadDetail {
    /** The URL shown, after redirects. */
    url: string;
    /** The path as given to the navigation. */
    path?: string;
    /** The element the response went into. */
    target: Element;
    /** Whether a redirect was followed. */
    redirected: boolean;
  }

  /** The detail of silcrow:error. */
  interface ErrorDetail {
    error: Error;
    /**
     * The URL of the failed navigation, or of silcrow.wasm when the runtime
     * failed to start.
     */
    url: string;
    /** The path as given to the navigation. */
    path?: string;
    /** The error's message. */
    message?: string;
    /** The HTTP status, when the server answered with an error. */
    status?: number;
  }

  /** The detail of silcrow:sse, fired for the `silcrow-sse` response header. */
  interface SSEDetail {
    /** The SSE endpoint to open. */
    path: string;
    /** The element to bind it to, or null for document.body. */
    target: Element | null;
  }

  /** The detail of silcrow:ws:NAME, a server's custom event NAME. */
  interface WsDetail {
    /** The URL of the connection the event came on. */
    url: string;
    /** The event's data, decoded from JSON. */
    data: unknown;
  }

  /** The detail of silcrow:optimistic. */
  interface OptimisticDetail {
    /** The root patched (Silcrow.js). */
    root?: Element;
    /** The data patched (Silcrow.js). */
    data?: unknown;
    /** The bound paths of the root (silcrow.wasm). */
    readonly paths?: readonly string[];
    /** Of those, the paths the patch applied (silcrow.wasm). */
    readonly applied?: readonly string[];
  }

  /** The detail of silcrow:revert. */
  interface RevertDetail {
    /** The root restored (Silcrow.js). */
    root?: Element;
    /** The bound paths the snapshot covered (silcrow.wasm). */
    readonly paths?: readonly string[];
    /** The same paths: all of them were restored (silcrow.wasm). */
    readonly applied?: readonly string[];
  }

  /** Events fired on a root element; they bubble up to document. */
  interface ElementEvents {
    /** A patch was applied to the root. */
    "silcrow:patched": CustomEvent<PatchedDetail>;
    /** Silcrow.optimistic patched the root. */
    "silcrow:optimistic": CustomEvent<OptimisticDetail>;
    /** Silcrow.revert restored the root. */
    "silcrow:revert": CustomEvent<RevertDetail>;
  }

  /** Events fired on document, and the root events that bubble to it. */
  interface DocumentEvents extends ElementEvents {
    /** The runtime has booted and replayed the calls queued before. */
    "silcrow:ready": CustomEvent<ReadyDetail>;
    /** A live connection opened. */
    "silcrow:live:connect": CustomEvent<LiveConnectDetail>;
    /** A live connection closed. */
    "silcrow:live:disconnect": CustomEvent<LiveDisconnectDetail>;
    /**
     * Events of a room were lost while the page was away (the server's
     * history no longer reaches back, or restarted): re-fetch what the room
     * shows.
     */
    "silcrow:live:gap": CustomEvent<LiveGapDetail>;
    /** A Silcrow.send that could not go (disconnected, a full send queue while connecting, a failed send); the message is not sent. */
    "silcrow:live:send-dropped": CustomEvent<LiveSendDroppedDetail>;
    /** A navigation is about to start; cancelable, and canceling stops it. */
    "silcrow:navigate": CustomEvent<NavigateDetail>;
    /** A response is about to be swapped in; cancelable, and canceling leaves it to proceed(). */
    "silcrow:before-swap": CustomEvent<BeforeSwapDetail>;
    /** A navigation finished: the response is in and the history updated. */
    "silcrow:load": CustomEvent<LoadDetail>;
    /** A navigation failed, timed out, or the runtime failed to start. */
    "silcrow:error": CustomEvent<ErrorDetail>;
    /** A response asked for an SSE connection (`silcrow-sse` header). */
    "silcrow:sse": CustomEvent<SSEDetail>;
    /** A custom event from the server, NAME after the colon. */
    [name: `silcrow:ws:${string}`]: CustomEvent<WsDetail>;
  }
}

/** The Silcrow runtime's API, defined by its loader before the runtime boots. */
declare var Silcrow: Silcrow.Api;

interface Window {
  /** The Silcrow runtime's API. */
  Silcrow: Silcrow.Api;
}

interface DocumentEventMap extends Silcrow.DocumentEvents {}

interface ElementEventMap extends Silcrow.ElementEvents {}
