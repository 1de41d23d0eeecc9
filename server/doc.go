// Package server is the Go server side of Silcrow: WebSocket streams that
// speak the [wire] format, broadcast to rooms of clients, and the HTTP
// helpers: [Response] values whose modifiers set the silcrow-* headers,
// content negotiation with [Respond], and [Assets] serving the client
// runtime under /_silcrow/.
//
// Start with [WS], or [Upgrader.Handler] mounted at a [WsRoute]: the
// handler gets a [Stream] to Send and Recv [wire.Event]s on, closed with
// status 1000 when the handler returns. A [Hub] fans events out to rooms of
// streams. The chat example is the guide's chat, whole.
//
// For one-way updates (s-live="sse:..."), [SSE] or [SSEConfig.Handler]
// serves a Server-Sent Events response instead: the handler gets an
// [SSEStream] to Send events on, each in its [wire.EncodeSSE] form, with a
// keep-alive comment every 15s while it is idle, and the response ends when
// the handler returns. [SSEStream.LastEventID] says where a reconnecting
// client left off. [Shutdown] and [CloseAll] end SSE streams too, so that
// their clients reconnect to the next instance.
//
// Choices and caveats:
//   - Only same-origin pages may connect unless [Upgrader].OriginPatterns
//     lists others; the rest get 403.
//   - A message over the read limit (1 MiB) closes the connection with
//     status 1009. An unanswered ping (every 25s, 15s to answer) drops it.
//   - Keep calling Recv: the stream reads one message ahead, and the
//     peer's close frame and pongs wait behind an untaken message.
//   - Recv errors matching [ErrBadFrame] mean a frame was dropped and the
//     stream goes on; anything else ([*CloseError], io.EOF) means it ended.
//   - A Send that fails ends the stream; an event that does not encode is
//     reported without sending anything.
//   - A Hub closes a client whose send queue (64 events) is full with
//     status 4000 (wire.CloseSlowReader), "send queue full", which
//     the client answers by reconnecting.
//   - A Hub stamps every event with its room and position and keeps a
//     history per room; a client that speaks [wire.Subprotocol] offers its
//     last position when it reconnects, and Join replays what it missed or
//     tells it of the gap. The history is in-process by default; several
//     instances share rooms and history through a [Broker] such as
//     server/natsbroker's, set as [Hub].Broker.
//   - The subprotocol's heartbeat is answered by the stream itself, so a
//     handler never sees it.
package server
