package live

import (
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/client/reconnect"
	"github.com/silcrow/silcrow/wire/frame"
)

// DefaultOutboxLimit is how many sends a connection holds while it is not
// open; older ones are kept, newer ones are refused with an error.
const DefaultOutboxLimit = 256

// DefaultHeartbeat is how often a socket whose server speaks
// frame.Subprotocol is pinged when Config.Heartbeat is zero.
const DefaultHeartbeat = 25 * clock.Second

// HeartbeatTimeout is the reason of the disconnect a socket gets when its
// server did not answer a heartbeat: the socket is half-open (a laptop
// woke up on another network, a proxy dropped it silently), and the
// browser would take minutes to notice.
const HeartbeatTimeout = "no answer to the heartbeat"

// Errors of Send.
var (
	ErrNotLive      = errors.New("silcrow: element has no live connection")
	ErrOutboxFull   = errors.New("silcrow: send queue of a closed connection is full")
	ErrNoTransport  = errors.New("silcrow: no transport for this protocol")
	ErrDisconnected = errors.New("silcrow: connection was disconnected")
	ErrReceiveOnly  = errors.New("silcrow: an SSE connection cannot send; use a WebSocket")
)

// Config wires a Hub to its surroundings. Transports and Page are required.
type Config struct {
	Transports map[Protocol]Transport
	Page       Page
	// Backoff is copied for each connection; its zero value is the
	// Silcrow schedule (1 s doubling to 30 s, jittered).
	Backoff reconnect.Backoff
	// AfterFunc schedules a reconnect; nil means clock.AfterFunc.
	AfterFunc func(d clock.Duration, f func()) (stop func() bool)
	// OutboxLimit bounds sends queued before a socket opens;
	// DefaultOutboxLimit when zero.
	OutboxLimit int
	// Heartbeat is how often a WebSocket whose server picked
	// frame.Subprotocol is pinged: a ping goes out every Heartbeat, and a
	// socket from which nothing at all has arrived since the previous ping
	// is closed as half-open and reconnected, so a dead socket is noticed
	// within two intervals. DefaultHeartbeat when zero, off when negative.
	// A server without the subprotocol is never pinged.
	Heartbeat clock.Duration
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

	// proto is the subprotocol the server picked for the open socket;
	// speaks is what is known of the server's support for
	// frame.Subprotocol, and plainTry says the current socket is the
	// retry without it (see dialLocked).
	proto    string
	speaks   support
	plainTry bool
	// beat is the pending heartbeat; pinged says a ping is out, heard
	// that something arrived since it went.
	beat          func() bool
	pinged, heard bool
	// lastID is the id of the last SSE event, offered again when the
	// EventSource reconnects; since is the last position seen per room,
	// offered in the hello of the next WebSocket.
	lastID string
	since  map[string]frame.Position
}

// support is what a Hub knows of a WebSocket server's support for
// frame.Subprotocol.
type support byte

const (
	supportUnknown support = iota
	supportYes
	supportNo
)

// subscribers returns a copy of c's subscribers, for an event detail:
// never nil, so that no subscribers is an empty array.
func (c *conn) subscribers() Elements { return append(Elements{}, c.subs...) }

// NewHub returns an empty Hub.
func NewHub(cfg Config) *Hub {
	if cfg.AfterFunc == nil {
		cfg.AfterFunc = clock.AfterFunc
	}
	if cfg.OutboxLimit <= 0 {
		cfg.OutboxLimit = DefaultOutboxLimit
	}
	if cfg.Heartbeat == 0 {
		cfg.Heartbeat = DefaultHeartbeat
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
// is not reopened. That close fires no disconnect event: the event tells
// subscribers that their socket went down, and none is left to tell (nor
// does Silcrow.js fire one).
func (h *Hub) Unsubscribe(root Root) {
	h.mu.Lock()
	h.unsubscribeLocked(root)
	h.unlock()
}

// unsubscribeLocked is Unsubscribe under the lock.
func (h *Hub) unsubscribeLocked(root Root) {
	c := h.roots[root]
	if c == nil {
		return
	}
	delete(h.roots, root)
	for i, r := range c.subs {
		if r == root {
			c.subs = append(c.subs[:i], c.subs[i+1:]...)
			break
		}
	}
	if len(c.subs) > 0 {
		return
	}
	delete(h.conns, c.ep.URL)
	h.closeLocked(c, "last subscriber left")
}

// Prune unsubscribes every root that is no longer in the document. The
// page calls it after DOM removals; an element moved elsewhere is still
// connected and keeps its subscription.
func (h *Hub) Prune() {
	h.mu.Lock()
	for r := range h.roots {
		if !r.IsConnected() {
			h.unsubscribeLocked(r)
		}
	}
	h.unlock()
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
	case c.ep.Protocol == SSE:
		err = ErrReceiveOnly
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
//
// A WebSocket offers frame.Subprotocol unless its server is known not to
// speak it. Chromium fails the handshake of a socket whose server picks
// none of the subprotocols offered, so a server that does not know
// silcrow.v1 (a Silcrow.js server, say) fails the first handshake: the
// Hub then retries at once without the offer (see socketEvents.Closed),
// and remembers which way the server opened. An EventSource that saw event ids
// asks for the events after the last one with the lastEventID query
// parameter: a new EventSource cannot send the Last-Event-ID header the
// browser's own retries send, and the Hub, not the browser, decides when
// to retry.
func (h *Hub) dialLocked(c *conn) {
	c.gen++
	c.stop = nil
	c.open = false
	h.setStateLocked(c, StateConnecting)
	url, protocols := c.ep.URL, []string(nil)
	switch c.ep.Protocol {
	case WebSocket:
		if c.speaks != supportNo && !c.plainTry {
			protocols = []string{frame.Subprotocol}
		}
	case SSE:
		if c.lastID != "" {
			url = withQuery(url, "lastEventID", c.lastID)
		}
	}
	c.sock = h.cfg.Transports[c.ep.Protocol].Open(url, protocols, &socketEvents{hub: h, c: c, gen: c.gen})
}

// withQuery adds name=value to the query of url.
func withQuery(url, name, value string) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	b := []byte(url + sep + name + "=")
	for i := 0; i < len(value); i++ {
		switch c := value[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		default:
			b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		}
	}
	return string(b)
}

// beatLocked schedules c's next heartbeat.
func (h *Hub) beatLocked(c *conn) {
	gen := c.gen
	c.beat = h.cfg.AfterFunc(h.cfg.Heartbeat, func() { h.heartbeat(c, gen) })
}

// stopBeatLocked cancels c's heartbeat.
func (h *Hub) stopBeatLocked(c *conn) {
	if c.beat != nil {
		c.beat()
		c.beat = nil
	}
	c.pinged, c.heard = false, false
}

// heartbeat is c's heartbeat timer firing: it pings, unless the previous
// ping went unanswered and nothing else arrived since, in which case the
// socket is half-open: it is closed and reconnected like a dropped one.
func (h *Hub) heartbeat(c *conn, gen int) {
	h.mu.Lock()
	if c.gen != gen || c.sock == nil || !c.open {
		h.unlock()
		return
	}
	c.beat = nil
	if c.pinged && !c.heard {
		c.sock.Close(frame.CloseNormal, HeartbeatTimeout)
		c.gen++
		ev, refused := h.lostLocked(c, frame.CloseAbnormal, HeartbeatTimeout)
		h.unlock()
		h.reportLost(c, ev, refused)
		return
	}
	c.pinged, c.heard = true, false
	// A failed send is followed by the socket's close.
	_ = c.sock.Send(frame.PingFrame)
	h.beatLocked(c)
	h.unlock()
}

// closeLocked closes c's socket or cancels its reconnect timer, and returns
// the disconnect event to fire when a socket was open.
func (h *Hub) closeLocked(c *conn, reason string) *event {
	h.setStateLocked(c, StateClosed)
	h.stopBeatLocked(c)
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

// ParseHeartbeat reads a heartbeat setting as a page writes it: a number
// of milliseconds, or "off". It returns the Config.Heartbeat it means: a
// negative duration for off, zero (the default) for an invalid setting,
// which is also an error.
func ParseHeartbeat(s string) (clock.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") || s == "0" {
		return -1, nil
	}
	ms, err := strconv.Atoi(s)
	if err != nil || ms < 0 {
		return 0, errors.New("silcrow-heartbeat " + frame.Quote(s) + " is neither milliseconds nor \"off\"; using the default")
	}
	return clock.Duration(ms) * clock.Millisecond, nil
}
