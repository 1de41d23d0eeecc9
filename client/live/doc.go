// Package live keeps the live connections of a page: it reads s-live
// attributes ([ParseEndpoint]), shares one socket per normalised URL among
// its subscribers ([Hub]), reconnects with the client/reconnect policy, and
// turns wire events into calls on the page ([Deliver]).
//
// The decisions are plain Go behind two small interfaces, [Transport] (the
// browser's WebSocket in silcrow.wasm, github.com/coder/websocket in native
// tests) and [Page] (client/dom in the browser, a recorder in tests). The
// files ending in _js.go are the thin browser adapters: the WebSocket
// transport, the s-live scan and the MutationObserver that prunes removed
// subscribers.
//
// Choices where Silcrow.js is silent:
//   - Sends made while a socket is not open are queued (up to
//     DefaultOutboxLimit) and flushed in order on open, so a
//     Silcrow.send from an inline script before boot is not lost.
//   - A reconnect timer is cancelled when the last subscriber leaves, on
//     Disconnect and on Destroy; a closed socket of a paused connection is
//     not reopened until Reconnect.
//   - An element moved within the document keeps its subscription: Prune
//     only drops roots whose isConnected is false.
package live
