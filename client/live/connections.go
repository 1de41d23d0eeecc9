package live

import (
	"strconv"

	"github.com/silcrow/silcrow/wire/frame"
)

// Connection is one shared socket as Silcrow.connections() lists it.
type Connection struct {
	URL      string
	Protocol Protocol
	// State is StateConnecting, StateOpen or StateClosed, as its
	// subscribers show it in s-live-state.
	State       string
	Subscribers []Root
	// Queued counts the sends waiting for the socket to open.
	Queued int
	// Attempt counts the reconnect attempts since the socket was last
	// open: 0 while it is open.
	Attempt int
	// Paused says the socket stays closed until Silcrow.reconnect: the
	// page disconnected it, or the server refused it.
	Paused bool
}

// Connections lists the Hub's sockets, by URL.
func (h *Hub) Connections() []Connection {
	h.mu.Lock()
	defer h.unlock()
	out := make([]Connection, 0, len(h.conns))
	for _, c := range h.conns {
		// An insertion sort by URL: a page has a handful of sockets, and
		// package slices would cost silcrow.wasm 20 KB.
		i := len(out)
		out = append(out, Connection{})
		for ; i > 0 && out[i-1].URL > c.ep.URL; i-- {
			out[i] = out[i-1]
		}
		out[i] = Connection{
			URL: c.ep.URL, Protocol: c.ep.Protocol, State: c.state,
			Subscribers: c.subscribers(), Queued: len(c.outbox),
			Attempt: c.backoff.Attempt(), Paused: c.paused,
		}
	}
	return out
}

// AppendJSON appends c as the object Silcrow.connections() returns, but
// for its subscribers, which the page adapter sets as elements.
func (c Connection) AppendJSON(b []byte) []byte {
	b = append(b, `{"url":`...)
	b = frame.AppendString(b, c.URL)
	b = append(b, `,"protocol":`...)
	b = frame.AppendString(b, string(c.Protocol))
	b = append(b, `,"state":`...)
	b = frame.AppendString(b, c.State)
	b = append(b, `,"queued":`...)
	b = strconv.AppendInt(b, int64(c.Queued), 10)
	b = append(b, `,"attempt":`...)
	b = strconv.AppendInt(b, int64(c.Attempt), 10)
	b = append(b, `,"paused":`...)
	b = strconv.AppendBool(b, c.Paused)
	return append(b, '}')
}
