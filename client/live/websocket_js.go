//go:build js && wasm

package live

import (
	"strings"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

// BrowserWebSocket is the Transport of silcrow.wasm for WebSockets: the
// page's own WebSocket, driven through the bridge, so that the wasm links
// neither net/http nor crypto/tls and a message reaches Go without a
// callback through syscall/js. Warn reports a send the browser refused.
type BrowserWebSocket struct {
	Warn func(msg string)
}

// BrowserEventSource is the Transport of silcrow.wasm for Server-Sent
// Events: the page's EventSource, which the loader closes on its first
// error so that the Hub's backoff, not the browser's, decides the retry.
type BrowserEventSource struct{}

// sockets are the Handlers of the open sockets, by the id the loader
// reports their events with.
var (
	sockets    = map[uint32]Handler{}
	lastSocket uint32
)

func init() { bridge.OnSocket = socketEvent }

// socketEvent hands what the loader reports to the socket's Handler. A
// socket closed on purpose reports nothing more; a close it reports ends
// it.
func socketEvent(kind bridge.SocketEvent, id uint32, code int, text string) {
	h, ok := sockets[id]
	if !ok {
		return
	}
	switch kind {
	case bridge.SocketOpened:
		h.Opened(text)
	case bridge.SocketSSE:
		name, rest, _ := strings.Cut(text, "\n")
		id, data, _ := strings.Cut(rest, "\n")
		h.SSE(name, id, data)
	case bridge.SocketMessage:
		h.Message(text, false)
	case bridge.SocketBinary:
		h.Message("", true)
	case bridge.SocketClosed:
		delete(sockets, id)
		h.Closed(code, text)
	}
}

type browserSocket struct {
	id   uint32
	warn func(string)
}

// Open implements Transport. A URL the browser refuses (it throws) is
// reported as a close with code 1006 on the next turn of the event loop.
func (t BrowserWebSocket) Open(url string, protocols []string, h Handler) Socket {
	return open(bridge.KindWebSocket, url, protocols, h, t.Warn)
}

// Open implements Transport; an EventSource has no subprotocols.
func (BrowserEventSource) Open(url string, _ []string, h Handler) Socket {
	return open(bridge.KindEventSource, url, nil, h, nil)
}

func open(kind byte, url string, protocols []string, h Handler, warn func(string)) Socket {
	lastSocket++
	s := &browserSocket{id: lastSocket, warn: warn}
	sockets[s.id] = h
	bridge.Turn(func() { bridge.Out().SocketOpen(s.id, kind, url, protocols) })
	return s
}

// Send implements Socket. The frame is sent when the turn's commands are
// applied; a send the browser refuses then is a warning.
func (s *browserSocket) Send(text string) error {
	bridge.Turn(func() {
		bridge.Out().SocketSend(s.id, text)
		if s.warn != nil {
			bridge.OnFail(func(msg string) { s.warn("WebSocket.send: " + msg) })
		}
	})
	return nil
}

// Close implements Socket. The Hub ignores what a socket reports after
// Close, so the socket is forgotten at once: a page that drops 200 live
// elements then pays for no call into Go per close handshake.
func (s *browserSocket) Close(code int, reason string) {
	if _, ok := sockets[s.id]; !ok {
		return
	}
	delete(sockets, s.id)
	if len(reason) > 120 {
		reason = reason[:120] // the browser throws on reasons over 123 bytes
	}
	bridge.Turn(func() { bridge.Out().SocketClose(s.id, code, reason) })
}
