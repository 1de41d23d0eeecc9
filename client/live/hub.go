package live

import (
	"errors"
	"sync"
	"time"

	"github.com/silcrow/silcrow/client/reconnect"
)

// DefaultOutboxLimit is how many sends a connection holds while it is not
// open; older ones are kept, newer ones are refused with an error.
const DefaultOutboxLimit = 256

// Errors of Send.
var (
	ErrNotLive      = errors.New("silcrow: element has no live connection")
	ErrOutboxFull   = errors.New("silcrow: send queue of a closed connection is full")
	ErrNoTransport  = errors.New("silcrow: no transport for this protocol")
	ErrDisconnected = errors.New("silcrow: connection was disconnected")
)

// Config wires a Hub to its surroundings. Transports and Page are required.
type Config struct {
	Transports map[Protocol]Transport
	Page       Page
	// Backoff is copied for each connection; its zero value is the
	// Silcrow schedule (1 s doubling to 30 s, jittered).
	Backoff reconnect.Backoff
	// AfterFunc schedules a reconnect; nil means time.AfterFunc.
	AfterFunc func(d time.Duration, f func()) (stop func() bool)
	// OutboxLimit bounds sends queued before a socket opens;
	// DefaultOutboxLimit when zero.
	OutboxLimit int
}

// Hub keeps one shared socket per normalised URL and its subscribers, and
// turns what arrives into calls on the Page. All methods are safe for
// concurrent use.
type Hub struct {
	cfg Config

	mu    sync.Mutex
	conns map[string]*conn // by Endpoint.URL
	roots map[Root]*conn
	dead  bool

	// offline, hidden and frozen are the page's lifecycle (see
	// Lifecycle): while any is set, closed sockets wait instead of
	// retrying.
	offline, hidden, frozen bool

	// states are the s-live-state changes decided under the lock, for
	// unlock to hand to the page; events are events to fire after them.
	states []stateChange
	events []*event
}

// The connection states subscribed elements show in s-live-state.
const (
	StateConnecting = "connecting"
	StateOpen       = "open"
	StateClosed     = "closed"
)

// stateChange is a connection state for some subscribed elements.
type stateChange struct {
	roots []Root
	state string
}

// setStateLocked records c's state, for its subscribers to show.
func (h *Hub) setStateLocked(c *conn, state string) {
	c.state = state
	if len(c.subs) > 0 {
		h.states = append(h.states, stateChange{c.subscribers(), state})
	}
}

// unlock releases the lock, then has the page show the state changes
// decided under it, in order.
func (h *Hub) unlock() {
	states, events := h.states, h.events
	h.states, h.events = nil, nil
	h.mu.Unlock()
	for _, s := range states {
		h.cfg.Page.State(s.roots, s.state)
	}
	for _, ev := range events {
		h.fire(ev)
	}
}

// conn is one shared socket and its bookkeeping.
type conn struct {
	ep      Endpoint
	subs    []Root // in subscription order, which is the fan-out order
	state   string // StateConnecting, StateOpen or StateClosed
	sock    Socket
	open    bool
	paused  bool
	gen     int // identifies the current socket; callbacks of older ones are ignored
	backoff reconnect.Backoff
	stop    func() bool // pending reconnect timer
	outbox  []string
}

// subscribers returns a copy of c's subscribers, for an event detail:
// never nil, so that no subscribers is an empty array.
func (c *conn) subscribers() Elements { return append(Elements{}, c.subs...) }

// NewHub returns an empty Hub.
func NewHub(cfg Config) *Hub {
	if cfg.AfterFunc == nil {
		cfg.AfterFunc = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	if cfg.OutboxLimit <= 0 {
		cfg.OutboxLimit = DefaultOutboxLimit
	}
	return &Hub{cfg: cfg, conns: map[string]*conn{}, roots: map[Root]*conn{}}
}

// Subscribe makes root a subscriber of ep, opening the socket if it is the
// first. A root subscribed elsewhere is moved; subscribing again to the same
// endpoint changes nothing.
func (h *Hub) Subscribe(root Root, ep Endpoint) error {
	h.mu.Lock()
	if h.dead {
		h.unlock()
		return errors.New("silcrow: runtime destroyed")
	}
	if _, ok := h.cfg.Transports[ep.Protocol]; !ok {
		h.unlock()
		return about(ErrNoTransport, string(ep.Protocol)+" ("+ep.URL+")")
	}
	if c := h.roots[root]; c != nil {
		if c.ep == ep {
			h.unlock()
			return nil
		}
		h.unlock()
		h.Unsubscribe(root)
		h.mu.Lock()
	}
	c := h.conns[ep.URL]
	if c == nil {
		c = &conn{ep: ep, backoff: h.cfg.Backoff}
		h.conns[ep.URL] = c
	}
	c.subs = append(c.subs, root)
	h.roots[root] = c
	if c.sock == nil && c.stop == nil && !c.paused {
		h.dialLocked(c)
	} else if c.state != "" {
		h.states = append(h.states, stateChange{[]Root{root}, c.state})
	}
	h.unlock()
	return nil
}

// Unsubscribe removes root; the socket closes with its last subscriber and
// is not reopened.
func (h *Hub) Unsubscribe(root Root) {
	h.mu.Lock()
	ev := h.unsubscribeLocked(root)
	h.unlock()
	h.fire(ev)
}

// unsubscribeLocked is Unsubscribe under the lock; it returns the
// disconnect event to fire, if any.
func (h *Hub) unsubscribeLocked(root Root) *event {
	c := h.roots[root]
	if c == nil {
		return nil
	}
	delete(h.roots, root)
	for i, r := range c.subs {
		if r == root {
			c.subs = append(c.subs[:i], c.subs[i+1:]...)
			break
		}
	}
	if len(c.subs) > 0 {
		return nil
	}
	delete(h.conns, c.ep.URL)
	return h.closeLocked(c, "last subscriber left")
}

// Prune unsubscribes every root that is no longer in the document. The
// page calls it after DOM removals; an element moved elsewhere is still
// connected and keeps its subscription.
//
// Every socket left without subscribers is closed before the first
// disconnect event fires, so that when a page drops many live elements at
// once their servers hear of it without waiting for the page's listeners.
func (h *Hub) Prune() {
	h.mu.Lock()
	var evs []*event
	for r := range h.roots {
		if !r.IsConnected() {
			if ev := h.unsubscribeLocked(r); ev != nil {
				evs = append(evs, ev)
			}
		}
	}
	h.unlock()
	for _, ev := range evs {
		h.fire(ev)
	}
}

// Subscribed returns the endpoint root is subscribed to.
func (h *Hub) Subscribed(root Root) (Endpoint, bool) {
	h.mu.Lock()
	defer h.unlock()
	if c := h.roots[root]; c != nil {
		return c.ep, true
	}
	return Endpoint{}, false
}

// Send writes text on root's socket, or queues it until the socket opens.
func (h *Hub) Send(root Root, text string) error {
	h.mu.Lock()
	defer h.unlock()
	c := h.roots[root]
	if c == nil {
		return ErrNotLive
	}
	return h.sendLocked(c, text)
}

// SendURL is Send addressed by endpoint instead of element.
func (h *Hub) SendURL(ep Endpoint, text string) error {
	h.mu.Lock()
	defer h.unlock()
	c := h.conns[ep.URL]
	if c == nil {
		return about(ErrNotLive, ep.URL)
	}
	return h.sendLocked(c, text)
}

// sendLocked sends text on c's socket when it is open and queues it in
// the outbox while it opens. A message that cannot go either way (the
// socket is disconnected, the outbox holds OutboxLimit messages, the send
// fails) is refused with an error and announced with
// silcrow:live:send-dropped {url, protocol, message, reason}, so that the
// page can tell its user: nothing typed while offline is lost silently.
func (h *Hub) sendLocked(c *conn, text string) error {
	var err error
	switch {
	case c.paused:
		err = ErrDisconnected
	case c.open:
		err = c.sock.Send(text)
	case len(c.outbox) >= h.cfg.OutboxLimit:
		err = ErrOutboxFull
	default:
		c.outbox = append(c.outbox, text)
	}
	if err != nil {
		h.events = append(h.events, &event{name: "silcrow:live:send-dropped", detail: map[string]any{
			"url": c.ep.URL, "protocol": string(c.ep.Protocol), "message": text, "reason": err.Error(),
		}})
	}
	return err
}

// Disconnect closes root's socket and keeps it closed, subscribers and
// all, until Reconnect.
func (h *Hub) Disconnect(root Root) error {
	h.mu.Lock()
	c := h.roots[root]
	if c == nil {
		h.unlock()
		return ErrNotLive
	}
	c.paused = true
	ev := h.closeLocked(c, "disconnected")
	h.unlock()
	h.fire(ev)
	return nil
}

// Reconnect opens root's socket again now, with the backoff reset: after a
// Disconnect, or to cut short a reconnect wait.
func (h *Hub) Reconnect(root Root) error {
	h.mu.Lock()
	c := h.roots[root]
	if c == nil {
		h.unlock()
		return ErrNotLive
	}
	c.paused = false
	c.backoff.Reset()
	ev := h.closeLocked(c, "reconnecting")
	h.dialLocked(c)
	h.unlock()
	h.fire(ev)
	return nil
}

// Destroy closes every socket, stops every timer and refuses new work.
func (h *Hub) Destroy() {
	h.mu.Lock()
	h.dead = true
	var evs []*event
	for url, c := range h.conns {
		evs = append(evs, h.closeLocked(c, "destroyed"))
		delete(h.conns, url)
	}
	clear(h.roots)
	h.unlock()
	for _, ev := range evs {
		h.fire(ev)
	}
}

// dialLocked opens a new socket for c; callbacks of earlier sockets are
// ignored from now on.
func (h *Hub) dialLocked(c *conn) {
	c.gen++
	c.stop = nil
	c.open = false
	h.setStateLocked(c, StateConnecting)
	c.sock = h.cfg.Transports[c.ep.Protocol].Open(c.ep.URL, &socketEvents{hub: h, c: c, gen: c.gen})
}

// closeLocked closes c's socket or cancels its reconnect timer, and returns
// the disconnect event to fire when a socket was open.
func (h *Hub) closeLocked(c *conn, reason string) *event {
	h.setStateLocked(c, StateClosed)
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
	if c.sock == nil {
		return nil
	}
	wasOpen := c.open
	c.sock.Close(1000, reason)
	c.sock, c.open = nil, false
	c.gen++
	if !wasOpen {
		return nil
	}
	return &event{name: "silcrow:live:disconnect", detail: map[string]any{
		"url": c.ep.URL, "protocol": string(c.ep.Protocol), "reconnectIn": nil, "subscribers": c.subscribers(),
	}}
}

// event is a document event decided under the lock and fired after it.
type event struct {
	name   string
	detail map[string]any
}

func (h *Hub) fire(ev *event) {
	if ev != nil {
		h.cfg.Page.Dispatch(ev.name, ev.detail)
	}
}

// A page's lifecycle events, as Lifecycle takes them.
const (
	PageOffline = "offline" // the browser lost the network
	PageOnline  = "online"  // and has it back
	PageHidden  = "hidden"  // visibilitychange to hidden
	PageVisible = "visible" // visibilitychange to visible
	PageFrozen  = "frozen"  // pagehide into the back-forward cache
	PageShown   = "shown"   // pageshow
)

// waiting reports whether the page's lifecycle holds reconnects back.
func (h *Hub) waiting() bool { return h.offline || h.hidden || h.frozen }

// Lifecycle applies one lifecycle event of the page:
//
//   - offline: no socket retries (each attempt would fail); open sockets
//     stay until the browser closes them.
//   - hidden: closed sockets wait for the page to be visible again instead
//     of retrying in the background, so a hidden tab makes no reconnect
//     storm; open sockets stay open and keep delivering.
//   - frozen (pagehide into the back-forward cache): every socket is
//     closed cleanly (1000; a page may not send 1001) and waits, so the
//     page can enter the cache and the server does not hold a socket
//     nobody reads.
//   - online, visible, shown: when nothing else holds them back, every
//     socket that is not open and not disconnected by Silcrow.disconnect
//     reconnects now, its backoff reset.
//
// Unknown events are ignored.
func (h *Hub) Lifecycle(what string) {
	h.mu.Lock()
	var evs []*event
	switch what {
	case PageOffline:
		h.offline = true
	case PageHidden:
		h.hidden = true
	case PageFrozen:
		h.frozen = true
		for _, c := range h.conns {
			evs = append(evs, h.closeLocked(c, "page hidden"))
		}
	case PageOnline:
		h.offline = false
	case PageVisible:
		h.hidden = false
	case PageShown:
		h.frozen, h.hidden = false, false
	}
	if h.waiting() || h.dead {
		for _, c := range h.conns {
			if c.stop != nil {
				// A retry scheduled before: it waits now.
				c.stop()
				c.stop = nil
				h.setStateLocked(c, StateClosed)
			}
		}
	} else {
		for _, c := range h.conns {
			if c.sock == nil && !c.paused && len(c.subs) > 0 {
				if c.stop != nil {
					c.stop()
				}
				c.backoff.Reset()
				h.dialLocked(c)
			}
		}
	}
	h.unlock()
	for _, ev := range evs {
		h.fire(ev)
	}
}
