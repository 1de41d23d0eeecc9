package live

import (
	"reflect"
	"testing"

	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/client/reconnect"
	"github.com/silcrow/silcrow/wire/frame"
)

const (
	hello = `{"type":"hello","since":{}}`
	ping  = `{"type":"ping"}`
	pong  = `{"type":"pong"}`
)

func TestWebSocketsOfferTheSubprotocolAndSSEOffersNone(t *testing.T) {
	a, b := &fakeRoot{name: "a", connected: true}, &fakeRoot{name: "b", connected: true}
	h := newHarness(a, b)
	h.hub.Subscribe(a, chat)
	if got := h.tr.last().protocols; !reflect.DeepEqual(got, []string{frame.Subprotocol}) {
		t.Errorf("WebSocket offers %q, want [%s]", got, frame.Subprotocol)
	}
	h.hub.Subscribe(b, Endpoint{SSE, "http://example.com/feed"})
	if got := h.tr.last().protocols; got != nil {
		t.Errorf("EventSource offers %q, want none", got)
	}
}

func TestHelloGoesFirstWhenTheServerPicksTheSubprotocol(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.hub.Send(a, "queued")
	h.tr.last().h.Opened(frame.Subprotocol)
	if got := h.tr.last().sent; !reflect.DeepEqual(got, []string{hello, "queued"}) {
		t.Fatalf("sent %q, want the hello, then what was queued", got)
	}
}

func TestServerWithoutTheSubprotocolGetsNoControlFrame(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.hub.Send(a, "queued")
	h.tr.last().h.Opened("")
	for range 3 {
		if ds := h.timers.fire(); len(ds) > 0 {
			t.Fatalf("timers %v pending for a server without the subprotocol, want none", ds)
		}
	}
	if got := h.tr.last().sent; !reflect.DeepEqual(got, []string{"queued"}) {
		t.Fatalf("sent %q, want only what the page sent", got)
	}
}

// openV1 returns a harness whose only socket is open with the subprotocol,
// its hello taken.
func openV1(t *testing.T, beat clock.Duration) (*harness, *fakeSocket) {
	a := &fakeRoot{name: "a", connected: true}
	h := &harness{tr: &fakeTransport{}, page: newRecorder(a), timers: &fakeTimers{}}
	h.hub = NewHub(Config{
		Transports: map[Protocol]Transport{WebSocket: h.tr},
		Page:       h.page,
		Backoff:    reconnect.Backoff{Jitter: -1},
		AfterFunc:  h.timers.AfterFunc,
		Heartbeat:  beat,
	})
	h.hub.Subscribe(a, chat)
	s := h.tr.last()
	s.h.Opened(frame.Subprotocol)
	s.sent = nil
	h.page.take()
	return h, s
}

func TestHeartbeatPingsEveryInterval(t *testing.T) {
	h, s := openV1(t, 3*clock.Second)
	for i := range 3 {
		if ds := h.timers.fire(); !reflect.DeepEqual(ds, []clock.Duration{3 * clock.Second}) {
			t.Fatalf("beat %d: timers %v, want one of the interval", i, ds)
		}
		s.h.Message(pong, false)
	}
	if !reflect.DeepEqual(s.sent, []string{ping, ping, ping}) {
		t.Fatalf("sent %q, want a ping per interval", s.sent)
	}
	if s.closed {
		t.Fatal("a socket that answers every ping was closed")
	}
	expectLog(t, h.page.take()) // a pong reaches neither the page nor its warnings
}

func TestAnyFrameAnswersTheHeartbeat(t *testing.T) {
	h, s := openV1(t, clock.Second)
	h.timers.fire()
	s.h.Message(`{"type":"invalidate"}`, false)
	h.timers.fire()
	if s.closed {
		t.Fatal("a socket that delivered an event since the ping was closed as half-open")
	}
}

// A half-open socket: the server went silent without closing. The ping of
// the first interval goes unanswered, and the second interval ends it.
func TestUnansweredHeartbeatReconnectsWithinTwoIntervals(t *testing.T) {
	h, s := openV1(t, 2*clock.Second)
	h.timers.fire() // the first ping
	if s.closed {
		t.Fatal("closed before a ping could be answered")
	}
	h.timers.fire() // nothing came back
	if !s.closed {
		t.Fatal("a socket that did not answer its ping within an interval is still open")
	}
	expectLog(t, h.page.take(), `event silcrow:live:disconnect {"code":1006,"protocol":"ws","reason":"`+HeartbeatTimeout+`","reconnectIn":1000,"subscribers":["a"],"url":"ws://example.com/ws/chat"}`)
	if got := h.page.state(&fakeRoot{name: "a"}); got != StateConnecting {
		t.Errorf("s-live-state %q, want %q while the reconnect waits", got, StateConnecting)
	}
	// The dead socket reports its close much later; it changes nothing.
	s.h.Closed(1006, "")
	expectLog(t, h.page.take())
	if ds := h.timers.fire(); !reflect.DeepEqual(ds, []clock.Duration{clock.Second}) {
		t.Fatalf("timers %v, want the reconnect after 1s", ds)
	}
	if n := h.tr.count(); n != 2 {
		t.Fatalf("%d sockets opened, want a second one", n)
	}
}

func TestHeartbeatStopsWithTheSocket(t *testing.T) {
	h, s := openV1(t, clock.Second)
	s.h.Closed(1000, "")
	h.page.take()
	ds := h.timers.fire() // the reconnect; the heartbeat is gone
	if !reflect.DeepEqual(ds, []clock.Duration{clock.Second}) {
		t.Fatalf("timers %v, want only the reconnect", ds)
	}
}

func TestHeartbeatOff(t *testing.T) {
	h, s := openV1(t, -1)
	if ds := h.timers.fire(); len(ds) > 0 {
		t.Fatalf("timers %v with the heartbeat off", ds)
	}
	if len(s.sent) > 0 {
		t.Fatalf("sent %q with the heartbeat off", s.sent)
	}
}

func TestControlFramesAServerDoesNotSendAreDropped(t *testing.T) {
	h, s := openV1(t, clock.Second)
	s.h.Message(ping, false)
	s.h.Message(`{"type":"pong","x":[}`, false)
	log := h.page.take()
	if len(log) != 2 {
		t.Fatalf("page saw %q, want two warnings", log)
	}
}

func TestParseHeartbeat(t *testing.T) {
	for in, want := range map[string]clock.Duration{
		"1000": clock.Second, " 250 ": 250 * clock.Millisecond, "off": -1, "OFF": -1, "0": -1,
	} {
		if got, err := ParseHeartbeat(in); err != nil || got != want {
			t.Errorf("ParseHeartbeat(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1s", "-5", "fast"} {
		if got, err := ParseHeartbeat(in); err == nil || got != 0 {
			t.Errorf("ParseHeartbeat(%q) = %v, %v; want the default (0) and an error", in, got, err)
		}
	}
}

func TestGapReachesThePage(t *testing.T) {
	h, s := openV1(t, clock.Second)
	s.h.Message(`{"type":"gap","room":"chat","since":{"epoch":"e1","offset":7},"epoch":"e2","first":1,"last":30}`, false)
	expectLog(t, h.page.take(), `event silcrow:live:gap {"epoch":"e2","first":1,"last":30,"room":"chat","since":{"epoch":"e1","offset":7},"url":"ws://example.com/ws/chat"}`)
}

// Chromium fails the handshake when the server picks none of the offered
// subprotocols: a server that does not speak silcrow.v1 (a Silcrow.js
// server) is reached by retrying at once without the offer, and is
// remembered.
func TestServerWithoutTheSubprotocolIsReachedWithoutTheOffer(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.tr.last().h.Closed(1006, "") // the browser failed the handshake
	if n := h.tr.count(); n != 2 || h.tr.last().protocols != nil {
		t.Fatalf("%d sockets, the last offering %q; want a retry at once without the subprotocol", n, h.tr.last().protocols)
	}
	expectLog(t, h.page.take()) // no disconnect: nothing was connected
	h.tr.last().h.Opened("")
	h.page.take()
	h.tr.last().h.Closed(1001, "restart")
	h.timers.fire()
	if got := h.tr.last().protocols; got != nil {
		t.Fatalf("the reconnect offers %q to a server known not to speak it", got)
	}
}

// A server known to speak silcrow.v1 keeps getting the offer: a failed
// handshake then means the server is down, not that it changed.
func TestServerKnownToSpeakTheSubprotocolKeepsTheOffer(t *testing.T) {
	h, s := openV1(t, clock.Second)
	s.h.Closed(1006, "")
	h.timers.fire()
	h.tr.last().h.Closed(1006, "")
	if n := h.tr.count(); n != 2 {
		t.Fatalf("%d sockets, want 2: no retry without the offer for a server known to speak it", n)
	}
	h.timers.fire()
	if got := h.tr.last().protocols; !reflect.DeepEqual(got, []string{frame.Subprotocol}) {
		t.Fatalf("reconnect offers %q", got)
	}
}

// Recovery: the hello of every reconnect offers the last position seen
// per room, so that the server replays what the page missed.
func TestHelloOffersTheLastPositionSeenPerRoom(t *testing.T) {
	h, s := openV1(t, -1)
	s.h.Message(`{"type":"patch","data":{"n":1},"room":"chat","epoch":"e1","offset":4}`, false)
	s.h.Message(`{"type":"patch","data":{"n":2},"room":"chat","epoch":"e1","offset":9}`, false)
	s.h.Message(`{"type":"invalidate","room":"news","epoch":"e7","offset":1}`, false)
	s.h.Message(`{"type":"patch","data":{"n":3}}`, false)
	s.h.Closed(1001, "restart")
	h.timers.fire()
	next := h.tr.last()
	next.h.Opened(frame.Subprotocol)
	want := `{"type":"hello","since":{"chat":{"epoch":"e1","offset":9},"news":{"epoch":"e7","offset":1}}}`
	if len(next.sent) == 0 || next.sent[0] != want {
		t.Fatalf("the reconnect sent %q first, want %s", next.sent, want)
	}
}

// A room joined without a position tells the page where it stands, so a
// page that saw none of its events still offers a position after a drop.
func TestAtGivesAPositionBeforeAnyEvent(t *testing.T) {
	h, s := openV1(t, -1)
	s.h.Message(`{"type":"at","room":"chat","since":{"epoch":"e1","offset":12}}`, false)
	s.h.Message(`{"type":"at","room":"quiet","since":{"epoch":"","offset":0}}`, false)
	expectLog(t, h.page.take())
	s.h.Closed(1001, "restart")
	h.timers.fire()
	next := h.tr.last()
	next.h.Opened(frame.Subprotocol)
	want := `{"type":"hello","since":{"chat":{"epoch":"e1","offset":12}}}`
	if len(next.sent) == 0 || next.sent[0] != want {
		t.Fatalf("the reconnect sent %q first, want %s", next.sent, want)
	}
}
