package live

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/client/reconnect"
)

var chat = Endpoint{WebSocket, "ws://example.com/ws/chat"}

type harness struct {
	tr     *fakeTransport
	page   *recorder
	timers *fakeTimers
	hub    *Hub
}

func newHarness(roots ...*fakeRoot) *harness {
	h := &harness{tr: &fakeTransport{}, page: newRecorder(roots...), timers: &fakeTimers{}}
	h.hub = NewHub(Config{
		Transports: map[Protocol]Transport{WebSocket: h.tr, SSE: h.tr},
		Page:       h.page,
		Backoff:    reconnect.Backoff{Jitter: -1},
		AfterFunc:  h.timers.AfterFunc,
	})
	return h
}

// failDial fails the dial of a socket whose server has never been seen
// open, as a server that is down does: the handshake offering the
// subprotocol, then its immediate retry without it.
func (h *harness) failDial() {
	h.tr.last().h.Closed(1006, "")
	h.tr.last().h.Closed(1006, "")
}

func expectLog(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("page saw\n  %q\nwant\n  %q", got, want)
	}
}

func TestOneSocketPerURLSharedBySubscribers(t *testing.T) {
	a, b := &fakeRoot{name: "a", connected: true}, &fakeRoot{name: "b", connected: true}
	h := newHarness(a, b)
	h.hub.Subscribe(a, chat)
	h.hub.Subscribe(b, chat)
	h.hub.Subscribe(b, chat)
	if n := h.tr.count(); n != 1 {
		t.Fatalf("opened %d sockets, want 1", n)
	}
	h.tr.last().h.Opened("")
	expectLog(t, h.page.take(), `event silcrow:live:connect {"protocol":"ws","subscribers":["a","b"],"url":"ws://example.com/ws/chat"}`)
}

// The last subscriber leaving closes the socket without a disconnect
// event, as in Silcrow.js: the event is for subscribers, and none is left.
func TestTheLastSubscriberLeavingClosesTheSocketSilently(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.tr.onClose = func(url string) { h.page.add("close %s", url) }
	h.hub.Subscribe(a, chat)
	h.tr.last().h.Opened("")
	h.page.take()
	h.hub.Unsubscribe(a)
	want := []string{"close ws://example.com/ws/chat"}
	if log := h.page.take(); !slices.Equal(log, want) {
		t.Fatalf("page saw %q; want only %q", log, want)
	}
}

func TestTargetedEventAppliesOnceUntargetedToEverySubscriber(t *testing.T) {
	a, b := &fakeRoot{name: "a", connected: true}, &fakeRoot{name: "b", connected: true}
	stats := &fakeRoot{name: "stats", connected: true}
	h := newHarness(a, b, stats)
	h.hub.Subscribe(a, chat)
	h.hub.Subscribe(b, chat)
	s := h.tr.last()
	s.h.Opened("")
	h.page.take()

	s.h.Message(`{"type":"patch","target":"#stats","data":{"count":42}}`, false)
	s.h.Message(`{"type":"patch","target":"","data":{"n":1}}`, false)
	s.h.Message(`{"type":"html","markup":"<p>x</p>"}`, false)
	s.h.Message(`{"type":"invalidate","target":"#a"}`, false)
	s.h.Message(`{"type":"navigate","path":"/dashboard"}`, false)
	s.h.Message(`{"type":"custom","event":"ping","data":{"ts":12345}}`, false)
	expectLog(t, h.page.take(),
		`patch stats {"count":42}`,
		`patch a {"n":1}`, `patch b {"n":1}`,
		`html a <p>x</p>`, `html b <p>x</p>`,
		`invalidate a`,
		`navigate /dashboard`,
		`event silcrow:ws:ping {"data":{"ts":12345},"url":"ws://example.com/ws/chat"}`,
	)
}

func TestBadFramesAreDroppedWithAWarningAndTheNextGoodOneApplies(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	s := h.tr.last()
	s.h.Opened("")
	h.page.take()
	bad := []struct{ frame, warning string }{
		{"binary", "binary frame"},
		{"{not json", "malformed JSON"},
		{`{"type":"explode"}`, "unknown event type"},
		{`{"type":"patch","target":"#a"}`, `missing required field "data"`},
		{`{"type":"patch","target":"#nothing","data":{}}`, `no element matches "#nothing"`},
		{`{"type":"patch","target":"[x","data":{}}`, "not a valid selector"},
		{`{"type":"html","target":5,"markup":""}`, "wrong JSON type"},
	}
	for _, tc := range bad {
		s.h.Message(tc.frame, tc.frame == "binary")
		got := h.page.take()
		if len(got) != 1 || !strings.HasPrefix(got[0], "warn ") || !strings.Contains(got[0], tc.warning) {
			t.Fatalf("frame %q: page saw %q, want one warning containing %q", tc.frame, got, tc.warning)
		}
		s.h.Message(`{"type":"patch","target":"#a","data":{"ok":true}}`, false)
		expectLog(t, h.page.take(), `patch a {"ok":true}`)
	}
	if s.closed {
		t.Fatal("a bad frame closed the socket")
	}
}

func TestSendsBeforeOpenAreQueuedAndFlushedInOrder(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	s := h.tr.last()
	for _, m := range []string{"1", "2", "3"} {
		if err := h.hub.Send(a, m); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.sent) != 0 {
		t.Fatalf("sent %q before open", s.sent)
	}
	s.h.Opened("")
	if err := h.hub.SendURL(chat, "4"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"1", "2", "3", "4"}; !reflect.DeepEqual(s.sent, want) {
		t.Fatalf("sent %q, want %q", s.sent, want)
	}
}

func TestOutboxIsBounded(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.cfg.OutboxLimit = 2
	h.hub.Subscribe(a, chat)
	h.hub.Send(a, "1")
	h.hub.Send(a, "2")
	if err := h.hub.Send(a, "3"); !errors.Is(err, ErrOutboxFull) {
		t.Fatalf("third send: %v, want ErrOutboxFull", err)
	}
	// The page hears of the dropped message, so nothing is lost silently.
	log := h.page.take()
	want := `event silcrow:live:send-dropped {"message":"3","protocol":"ws","reason":"` + ErrOutboxFull.Error() + `","url":"ws://example.com/ws/chat"}`
	if len(log) != 1 || log[0] != want {
		t.Errorf("page saw %q, want %q", log, want)
	}
	h.tr.last().h.Opened("")
	if got := h.tr.last().sent; !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Errorf("sent %q once open, want the two queued", got)
	}
}

func TestSendWhileDisconnectedIsAnnounced(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.hub.Disconnect(a)
	h.page.take()
	if err := h.hub.Send(a, `{"event":"chat"}`); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("send: %v, want ErrDisconnected", err)
	}
	log := h.page.take()
	if len(log) != 1 || !strings.HasPrefix(log[0], `event silcrow:live:send-dropped {"message":"{\"event\":\"chat\"}"`) {
		t.Errorf("page saw %q, want a send-dropped event with the message", log)
	}
}

func TestSendWithoutSubscriptionIsAnError(t *testing.T) {
	h := newHarness()
	if err := h.hub.Send(&fakeRoot{name: "x"}, "hi"); !errors.Is(err, ErrNotLive) {
		t.Fatalf("got %v", err)
	}
	if err := h.hub.SendURL(chat, "hi"); !errors.Is(err, ErrNotLive) {
		t.Fatalf("got %v", err)
	}
}

func TestReconnectBacksOffAndResetsAfterOpen(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	var delays []clock.Duration
	for i := 0; i < 7; i++ {
		h.failDial()
		delays = append(delays, h.timers.fire()...)
	}
	want := []clock.Duration{1, 2, 4, 8, 16, 30, 30}
	for i := range want {
		want[i] *= clock.Second
	}
	if !reflect.DeepEqual(delays, want) {
		t.Fatalf("delays %v, want %v", delays, want)
	}
	if n := h.tr.count(); n != 15 {
		t.Fatalf("%d dials, want 15: the first and seven reconnects, each failed handshake retried at once without the subprotocol", n)
	}
	h.tr.last().h.Opened("")
	h.tr.last().h.Closed(1001, "going away")
	if d := h.timers.fire(); !reflect.DeepEqual(d, []clock.Duration{clock.Second}) {
		t.Fatalf("after a successful open the next delay is %v, want [1s]", d)
	}
}

func TestDisconnectEventCarriesReconnectDelay(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.tr.last().h.Opened("")
	h.page.take()
	h.tr.last().h.Closed(1006, "")
	expectLog(t, h.page.take(), `event silcrow:live:disconnect {"code":1006,"protocol":"ws","reason":"","reconnectIn":1000,"subscribers":["a"],"url":"ws://example.com/ws/chat"}`)
}

// A refusal (1008, 4403) stops the reconnects until Silcrow.reconnect; a
// pause (4000, the server's slow-reader close; 1001, 1012) reconnects.
func TestCloseCodesDecideTheReconnect(t *testing.T) {
	for _, tc := range []struct {
		code      int
		reconnect bool
	}{{1008, false}, {4403, false}, {1002, false}, {4000, true}, {1001, true}, {1012, true}, {1006, true}} {
		a := &fakeRoot{name: "a", connected: true}
		h := newHarness(a)
		h.hub.Subscribe(a, chat)
		h.tr.last().h.Opened("")
		h.page.take()
		h.tr.last().h.Closed(tc.code, "why")
		log := h.page.take()
		h.timers.fire()
		dials := h.tr.count()
		if tc.reconnect {
			if dials != 2 || !strings.Contains(log[len(log)-1], `"reconnectIn":1000`) {
				t.Errorf("close %d: %d dials, log %q; want a reconnect after 1000 ms", tc.code, dials, log)
			}
			continue
		}
		want := `event silcrow:live:disconnect {"code":` + strconv.Itoa(tc.code) + `,"protocol":"ws","reason":"why","reconnectIn":null,"subscribers":["a"],"url":"ws://example.com/ws/chat"}`
		if dials != 1 || len(log) != 2 || !strings.HasPrefix(log[0], "warn ") || log[1] != want {
			t.Errorf("close %d: %d dials, log %q; want no reconnect, a warning and %s", tc.code, dials, log, want)
		}
		h.hub.Reconnect(a)
		if n := h.tr.count(); n != 2 {
			t.Errorf("close %d: Silcrow.reconnect made %d dials in all, want 2", tc.code, n)
		}
	}
}

func TestLastSubscriberLeavingClosesTheSocketForGood(t *testing.T) {
	a, b := &fakeRoot{name: "a", connected: true}, &fakeRoot{name: "b", connected: true}
	h := newHarness(a, b)
	h.hub.Subscribe(a, chat)
	h.hub.Subscribe(b, chat)
	s := h.tr.last()
	s.h.Opened("")
	h.hub.Unsubscribe(a)
	if s.closed {
		t.Fatal("closed while a subscriber remains")
	}
	h.hub.Unsubscribe(b)
	if !s.closed || s.code != 1000 {
		t.Fatalf("closed=%v code=%d, want a clean close", s.closed, s.code)
	}
	s.h.Closed(1000, "")
	if d := h.timers.fire(); len(d) != 0 {
		t.Fatalf("reconnect scheduled after the last subscriber left: %v", d)
	}
	if n := h.tr.count(); n != 1 {
		t.Fatalf("%d dials, want 1", n)
	}
}

func TestPendingReconnectIsCancelledWhenTheLastSubscriberLeaves(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.failDial()
	h.hub.Unsubscribe(a)
	h.timers.fire()
	if n := h.tr.count(); n != 2 {
		t.Fatalf("%d dials, want 2 (the handshake and its retry without the subprotocol)", n)
	}
}

func TestPruneDropsRemovedRootsButKeepsMovedOnes(t *testing.T) {
	removed, moved := &fakeRoot{name: "removed", connected: true}, &fakeRoot{name: "moved", connected: true}
	other := Endpoint{WebSocket, "ws://example.com/ws/other"}
	h := newHarness(removed, moved)
	h.hub.Subscribe(removed, chat)
	h.hub.Subscribe(moved, other)
	sockChat, sockOther := h.tr.sockets[0], h.tr.sockets[1]
	removed.connected = false
	h.hub.Prune()
	if !sockChat.closed {
		t.Fatal("socket of the removed root is still open")
	}
	if sockOther.closed {
		t.Fatal("socket of a root still in the document was closed")
	}
	if _, ok := h.hub.Subscribed(moved); !ok {
		t.Fatal("moved root lost its subscription")
	}
}

// When many live roots leave at once, each socket is closed, and the page
// sees no event for any of them.
func TestPruneClosesEverySocketOfTheRootsThatLeft(t *testing.T) {
	var roots []*fakeRoot
	for i := range 5 {
		roots = append(roots, &fakeRoot{name: "r" + strconv.Itoa(i), connected: true})
	}
	h := newHarness(roots...)
	h.tr.onClose = func(url string) { h.page.add("close %s", url) }
	for i, r := range roots {
		h.hub.Subscribe(r, Endpoint{WebSocket, "ws://example.com/ws/" + strconv.Itoa(i)})
		h.tr.last().h.Opened("")
	}
	h.page.take()
	for _, r := range roots[1:] {
		r.connected = false
	}
	h.hub.Prune()
	log := h.page.take()
	slices.Sort(log)
	want := []string{"close ws://example.com/ws/1", "close ws://example.com/ws/2", "close ws://example.com/ws/3", "close ws://example.com/ws/4"}
	if !slices.Equal(log, want) {
		t.Fatalf("page saw %q; want %q", log, want)
	}
	if _, ok := h.hub.Subscribed(roots[0]); !ok {
		t.Fatal("the root still in the document lost its subscription")
	}
}

func TestDisconnectPausesUntilReconnect(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	first := h.tr.last()
	first.h.Opened("")
	h.hub.Disconnect(a)
	first.h.Closed(1000, "")
	h.timers.fire()
	if n := h.tr.count(); n != 1 {
		t.Fatalf("reconnected while paused: %d dials", n)
	}
	if err := h.hub.Send(a, "x"); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("send while paused: %v", err)
	}
	h.hub.Reconnect(a)
	if n := h.tr.count(); n != 2 {
		t.Fatalf("Reconnect did not dial: %d dials", n)
	}
}

func TestReconnectCutsTheWaitShortAndResetsBackoff(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	for i := 0; i < 4; i++ {
		h.tr.last().h.Closed(1006, "")
		h.timers.fire()
	}
	h.tr.last().h.Closed(1006, "")
	h.hub.Reconnect(a)
	if d := h.timers.fire(); len(d) != 0 {
		t.Fatalf("old timer still fired: %v", d)
	}
	h.tr.last().h.Closed(1006, "")
	if d := h.timers.fire(); !reflect.DeepEqual(d, []clock.Duration{clock.Second}) {
		t.Fatalf("after Reconnect the delay is %v, want [1s]", d)
	}
}

func TestCallbacksOfAReplacedSocketAreIgnored(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	old := h.tr.last()
	h.hub.Reconnect(a)
	h.page.take()
	old.h.Opened("")
	old.h.Message(`{"type":"navigate","path":"/x"}`, false)
	old.h.Closed(1006, "")
	expectLog(t, h.page.take())
	if d := h.timers.fire(); len(d) != 0 {
		t.Fatalf("stale close scheduled a reconnect: %v", d)
	}
}

func TestDestroyClosesEverythingAndRefusesNewWork(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.failDial()
	h.hub.Destroy()
	h.timers.fire()
	if n := h.tr.count(); n != 2 {
		t.Fatalf("dialled after Destroy: %d", n)
	}
	if err := h.hub.Subscribe(a, chat); err == nil {
		t.Fatal("Subscribe after Destroy succeeded")
	}
}

func TestProtocolWithoutTransportIsRefused(t *testing.T) {
	h := newHarness()
	err := h.hub.Subscribe(&fakeRoot{name: "a"}, Endpoint{"gopher", "gopher://example.com/feed"})
	if !errors.Is(err, ErrNoTransport) {
		t.Fatalf("got %v", err)
	}
}

func TestMovingARootToAnotherURLLeavesTheFirst(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	first := h.tr.last()
	h.hub.Subscribe(a, Endpoint{WebSocket, "ws://example.com/ws/other"})
	if !first.closed {
		t.Fatal("first socket still open")
	}
	if ep, _ := h.hub.Subscribed(a); ep.URL != "ws://example.com/ws/other" {
		t.Fatalf("subscribed to %v", ep)
	}
}

// Subscribed elements show their connection's state in s-live-state:
// connecting while a socket opens or waits to reopen, open, and closed
// when it stays closed.
func TestSubscribersShowTheConnectionState(t *testing.T) {
	a, b := &fakeRoot{name: "a", connected: true}, &fakeRoot{name: "b", connected: true}
	h := newHarness(a, b)
	h.hub.Subscribe(a, chat)
	if got := h.page.state(a); got != StateConnecting {
		t.Fatalf("while dialling: %q, want connecting", got)
	}
	h.tr.last().h.Opened("")
	h.hub.Subscribe(b, chat)
	if ga, gb := h.page.state(a), h.page.state(b); ga != StateOpen || gb != StateOpen {
		t.Fatalf("open: a %q, b %q (b subscribed later); want open", ga, gb)
	}
	h.tr.last().h.Closed(1006, "")
	if got := h.page.state(b); got != StateConnecting {
		t.Errorf("waiting to reconnect: %q, want connecting", got)
	}
	h.timers.fire()
	h.tr.last().h.Opened("")
	h.hub.Disconnect(a)
	if ga, gb := h.page.state(a), h.page.state(b); ga != StateClosed || gb != StateClosed {
		t.Errorf("after Silcrow.disconnect: a %q, b %q; want closed", ga, gb)
	}
	h.hub.Reconnect(a)
	h.tr.last().h.Closed(1008, "no")
	if got := h.page.state(a); got != StateClosed {
		t.Errorf("after a refusal: %q, want closed", got)
	}
}

// The page's lifecycle: offline and hidden hold retries back, frozen
// closes every socket, and online, visible and shown reconnect at once
// with the backoff reset.
func TestLifecycle(t *testing.T) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(a)
	h.hub.Subscribe(a, chat)
	h.tr.last().h.Opened("")

	h.hub.Lifecycle(PageOffline)
	h.tr.last().h.Closed(1006, "")
	h.timers.fire()
	if n := h.tr.count(); n != 1 {
		t.Fatalf("retried while offline: %d dials", n)
	}
	if got := h.page.state(a); got != StateClosed {
		t.Errorf("offline: state %q, want closed", got)
	}
	h.hub.Lifecycle(PageOnline)
	if n := h.tr.count(); n != 2 {
		t.Fatalf("online did not reconnect at once: %d dials", n)
	}
	h.tr.last().h.Opened("")

	// Several failures grow the backoff; visible resets it.
	h.hub.Lifecycle(PageHidden)
	h.tr.last().h.Closed(1006, "")
	h.timers.fire()
	if n := h.tr.count(); n != 2 {
		t.Fatalf("retried while hidden: %d dials", n)
	}
	h.hub.Lifecycle(PageVisible)
	if n := h.tr.count(); n != 3 {
		t.Fatalf("visible did not reconnect at once: %d dials", n)
	}
	h.tr.last().h.Closed(1006, "")
	if log := h.page.take(); !strings.Contains(log[len(log)-1], `"reconnectIn":1000`) {
		t.Errorf("after visible the backoff is not reset: %q", log[len(log)-1])
	}
	h.timers.fire()
	h.tr.last().h.Opened("")

	// Into the back-forward cache and back.
	open := h.tr.last()
	h.hub.Lifecycle(PageFrozen)
	if !open.closed {
		t.Fatal("frozen left the socket open")
	}
	h.timers.fire()
	n := h.tr.count()
	h.hub.Lifecycle(PageShown)
	if h.tr.count() != n+1 {
		t.Fatalf("shown did not reconnect: %d dials, want %d", h.tr.count(), n+1)
	}

	// A socket the page disconnected stays so.
	h.tr.last().h.Opened("")
	h.hub.Disconnect(a)
	h.hub.Lifecycle(PageOnline)
	if h.tr.count() != n+1 {
		t.Error("online reopened a socket Silcrow.disconnect closed")
	}
}
