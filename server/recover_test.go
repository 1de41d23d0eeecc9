package server_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/frame"
)

// roomOfOne serves a handler that joins every client to room and reads
// until the client goes.
func roomOfOne(t *testing.T, hub *server.Hub, room string) *httptest.Server {
	t.Helper()
	return serve(t, nil, func(ctx context.Context, s *server.Stream) {
		if err := hub.Join(room, s); err != nil {
			t.Errorf("join: %v", err)
			return
		}
		for {
			if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
				return
			}
		}
	})
}

// comeBack dials srv speaking silcrow.v1 and says hello with the positions
// the client had seen, as a reconnecting client does; nil says none.
func comeBack(t *testing.T, srv *httptest.Server, since map[string]wire.Position) *websocket.Conn {
	t.Helper()
	c := dial(t, srv, v1)
	write(t, c, websocket.MessageText, hello(since))
	return c
}

func hello(since map[string]wire.Position) string {
	if since == nil {
		since = map[string]wire.Position{}
	}
	return string(frame.AppendControl(nil, frame.Control{Type: frame.ControlHello, Since: since}))
}

// received is what a client read: an event, or a control frame.
type arrival struct {
	ev      wire.Event
	control *wire.Control
	raw     string
}

func (a arrival) String() string { return a.raw }

func readArrival(t *testing.T, c *websocket.Conn) arrival {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return parseArrival(t, b)
}

func parseArrival(t testing.TB, b []byte) arrival {
	if frame.IsControl(b) {
		c, err := frame.ParseControl(b)
		if err != nil {
			t.Fatalf("control frame %s: %v", b, err)
		}
		return arrival{control: &c, raw: string(b)}
	}
	ev, err := wire.Decode(b)
	if err != nil {
		t.Fatalf("frame %s: %v", b, err)
	}
	return arrival{ev: ev, raw: string(b)}
}

// expectEvents reads the events at offsets want, in order, of epoch in
// room; each is the custom event "n" with its offset as data.
func expectEvents(t *testing.T, c *websocket.Conn, room, epoch string, want ...uint64) {
	t.Helper()
	for _, off := range want {
		a := readArrival(t, c)
		wantPos := wire.Position{Epoch: epoch, Offset: off}
		if a.control != nil || a.ev.Room != room || a.ev.Pos != wantPos || string(a.ev.Data) != fmt.Sprint(off) {
			t.Fatalf("got %s, want event %d of %q at %+v", a, off, room, wantPos)
		}
	}
}

// expectAt reads the at control frame of a client that joined room
// without a position: where the room stood.
func expectAt(t *testing.T, c *websocket.Conn, room string, want wire.Position) {
	t.Helper()
	a := readArrival(t, c)
	if a.control == nil || a.control.Type != frame.ControlAt || a.control.Room != room || a.control.Have != want {
		t.Fatalf("got %s, want %s", a, frame.AppendControl(nil, wire.Control{Type: frame.ControlAt, Room: room, Have: want}))
	}
}

// expectGap reads a gap control frame.
func expectGap(t *testing.T, c *websocket.Conn, want wire.Control) {
	t.Helper()
	want.Type = frame.ControlGap
	a := readArrival(t, c)
	if a.control == nil || a.control.Type != frame.ControlGap || a.control.Room != want.Room ||
		a.control.Have != want.Have || a.control.Epoch != want.Epoch || a.control.First != want.First || a.control.Last != want.Last {
		t.Fatalf("got %s, want %s", a, frame.AppendControl(nil, want))
	}
}

// publishNumbered publishes n events to room, each its own number in the
// room as data, counting from first.
func publishNumbered(t testing.TB, hub *server.Hub, room string, first, n int) {
	t.Helper()
	for i := first; i < first+n; i++ {
		if err := hub.Publish(context.Background(), room, wire.Custom("n", i)); err != nil {
			t.Fatal(err)
		}
	}
}

// epochOf returns the epoch of room's history in b.
func epochOf(t testing.TB, b server.Broker, room string) string {
	t.Helper()
	_, err := b.History(context.Background(), room, wire.Position{})
	var gap *server.GapError
	if !errors.As(err, &gap) {
		t.Fatalf("History of %q from no position: %v, want a gap", room, err)
	}
	return gap.Epoch
}

func numbers(from, to uint64) []uint64 {
	var ns []uint64
	for n := from; n <= to; n++ {
		ns = append(ns, n)
	}
	return ns
}

func TestHubStampsEveryEventWithItsRoomAndPosition(t *testing.T) {
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	c := comeBack(t, srv, nil)
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	publishNumbered(t, hub, "r", 1, 3)
	epoch := epochOf(t, b, "r")
	expectAt(t, c, "r", wire.Position{Epoch: epoch, Offset: 0})
	expectEvents(t, c, "r", epoch, 1, 2, 3)
}

// A client that joins without a position is told where the room stands,
// so that it can recover what it misses even when no event reached it
// before its drop.
func TestJoinWithoutAPositionGetsOneToComeBackWith(t *testing.T) {
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 2)
	epoch := epochOf(t, b, "r")
	c := comeBack(t, srv, nil)
	expectAt(t, c, "r", wire.Position{Epoch: epoch, Offset: 2})
	c.CloseNow()
	waitFor(t, "the client to leave", func() bool { return hub.Len("r") == 0 })
	publishNumbered(t, hub, "r", 3, 2)
	c = comeBack(t, srv, map[string]wire.Position{"r": {Epoch: epoch, Offset: 2}})
	expectEvents(t, c, "r", epoch, 3, 4)
}

func TestJoinAfterMissingNothingSendsOnlyNewEvents(t *testing.T) {
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 3)
	epoch := epochOf(t, b, "r")

	c := comeBack(t, srv, map[string]wire.Position{"r": {Epoch: epoch, Offset: 3}})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	publishNumbered(t, hub, "r", 4, 1)
	expectEvents(t, c, "r", epoch, 4)
}

func TestJoinReplaysMissedEventsBeforeNewOnes(t *testing.T) {
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 5)
	epoch := epochOf(t, b, "r")

	c := comeBack(t, srv, map[string]wire.Position{"r": {Epoch: epoch, Offset: 2}, "elsewhere": {Epoch: "x", Offset: 9}})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	publishNumbered(t, hub, "r", 6, 1)
	expectEvents(t, c, "r", epoch, 3, 4, 5, 6)
}

func TestJoinSendsAGapWhenTheHistoryOverflowed(t *testing.T) {
	b := &server.MemoryBroker{Size: 3}
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 10)
	epoch := epochOf(t, b, "r")

	// Events 3 to 7 are gone; 8, 9 and 10 are kept.
	have := wire.Position{Epoch: epoch, Offset: 2}
	c := comeBack(t, srv, map[string]wire.Position{"r": have})
	expectGap(t, c, wire.Control{Room: "r", Have: have, Epoch: epoch, First: 8, Last: 10})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	publishNumbered(t, hub, "r", 11, 1)
	expectEvents(t, c, "r", epoch, 11)

	// One event short of the kept ones is still a full replay.
	c = comeBack(t, srv, map[string]wire.Position{"r": {Epoch: epoch, Offset: 8}})
	expectEvents(t, c, "r", epoch, 9, 10, 11)
}

func TestJoinSendsAGapWhenTheMissedEventsAgedOut(t *testing.T) {
	const age = 50 * time.Millisecond
	b := &server.MemoryBroker{Age: age}
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 3)
	epoch := epochOf(t, b, "r")
	time.Sleep(3 * age)

	have := wire.Position{Epoch: epoch, Offset: 1}
	c := comeBack(t, srv, map[string]wire.Position{"r": have})
	expectGap(t, c, wire.Control{Room: "r", Have: have, Epoch: epoch})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	publishNumbered(t, hub, "r", 4, 1)
	expectEvents(t, c, "r", epoch, 4)

	// A client that had seen everything lost nothing, expired or not.
	time.Sleep(3 * age)
	c = comeBack(t, srv, map[string]wire.Position{"r": {Epoch: epoch, Offset: 4}})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 2 })
	publishNumbered(t, hub, "r", 5, 1)
	expectEvents(t, c, "r", epoch, 5)
}

func TestJoinSendsAGapForAnotherEpoch(t *testing.T) {
	// The client's position is of a Hub that has since restarted: the
	// new Hub's history is another epoch.
	old := new(server.MemoryBroker)
	publishNumbered(t, &server.Hub{Broker: old}, "r", 1, 5)
	have := wire.Position{Epoch: epochOf(t, old, "r"), Offset: 5}

	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 2)
	epoch := epochOf(t, b, "r")
	if epoch == have.Epoch {
		t.Fatalf("two histories share epoch %q", epoch)
	}
	c := comeBack(t, srv, map[string]wire.Position{"r": have})
	expectGap(t, c, wire.Control{Room: "r", Have: have, Epoch: epoch, First: 1, Last: 2})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	publishNumbered(t, hub, "r", 3, 1)
	expectEvents(t, c, "r", epoch, 3)
}

func TestJoinSendsAGapForAnOffsetBeyondTheLast(t *testing.T) {
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 3)
	epoch := epochOf(t, b, "r")

	have := wire.Position{Epoch: epoch, Offset: 7}
	c := comeBack(t, srv, map[string]wire.Position{"r": have})
	expectGap(t, c, wire.Control{Room: "r", Have: have, Epoch: epoch, First: 1, Last: 3})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	publishNumbered(t, hub, "r", 4, 1)
	expectEvents(t, c, "r", epoch, 4)
}

func TestJoinSendsAGapForAnUnknownRoom(t *testing.T) {
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "new")

	have := wire.Position{Epoch: "from-before", Offset: 12}
	c := comeBack(t, srv, map[string]wire.Position{"new": have})
	a := readArrival(t, c)
	if a.control == nil || a.control.Type != frame.ControlGap || a.control.Room != "new" || a.control.Have != have ||
		a.control.Epoch == "" || a.control.Epoch == have.Epoch || a.control.First != 0 || a.control.Last != 0 {
		t.Fatalf("got %s, want a gap to a new, empty history", a)
	}
	waitFor(t, "the client to join", func() bool { return hub.Len("new") == 1 })
	publishNumbered(t, hub, "new", 1, 1)
	expectEvents(t, c, "new", a.control.Epoch, 1)
}

func TestJoinWithoutAPositionSendsOnlyNewEvents(t *testing.T) {
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 3)
	epoch := epochOf(t, b, "r")

	t.Run("hello without the room", func(t *testing.T) {
		c := comeBack(t, srv, map[string]wire.Position{"other": {Epoch: epoch, Offset: 1}})
		waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
		publishNumbered(t, hub, "r", 4, 1)
		expectAt(t, c, "r", wire.Position{Epoch: epoch, Offset: 3})
		expectEvents(t, c, "r", epoch, 4)
		c.Close(websocket.StatusNormalClosure, "")
		waitFor(t, "the client to leave", func() bool { return hub.Len("r") == 0 })
	})
	t.Run("no subprotocol", func(t *testing.T) {
		// A client without the subprotocol sends no hello and gets the
		// events as they were published, without positions.
		c := dial(t, srv, nil)
		waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
		publishNumbered(t, hub, "r", 5, 1)
		ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
		defer cancel()
		_, got, err := c.Read(ctx)
		if want := `{"type":"custom","event":"n","data":5}`; err != nil || string(got) != want {
			t.Fatalf("got %s, %v; want %s", got, err, want)
		}
	})
}

func TestJoinReplaysMoreThanTheQueueHolds(t *testing.T) {
	const missed = 200
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b, QueueSize: 4}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, missed)
	epoch := epochOf(t, b, "r")

	c := comeBack(t, srv, map[string]wire.Position{"r": {Epoch: epoch, Offset: 0}})
	waitFor(t, "the client to join", func() bool { return hub.Len("r") == 1 })
	// The client reads nothing until the replay is all queued and more
	// live events than the queue holds could not have been added.
	publishNumbered(t, hub, "r", missed+1, 3)
	expectEvents(t, c, "r", epoch, numbers(1, missed+3)...)
	if n := hub.Len("r"); n != 1 {
		t.Errorf("Len = %d after the replay, want 1: the client was dropped", n)
	}
}

// Join's replay and the live events meet without a duplicate or a hole,
// whatever the publisher does meanwhile.
func TestJoinWhilePublishingLosesAndRepeatsNothing(t *testing.T) {
	const events, clients = 400, 16
	b := new(server.MemoryBroker)
	hub := &server.Hub{Broker: b, QueueSize: events}
	srv := roomOfOne(t, hub, "r")
	publishNumbered(t, hub, "r", 1, 1)
	epoch := epochOf(t, b, "r")

	var last atomic.Uint64
	last.Store(1)
	var published sync.WaitGroup
	published.Go(func() {
		for i := 2; i <= events; i++ {
			publishNumbered(t, hub, "r", i, 1)
			last.Store(uint64(i))
			if i%8 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
	})
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * time.Millisecond)
			// A position the client could have seen: one already
			// published.
			since := rand.Uint64N(last.Load() + 1)
			c := comeBack(t, srv, map[string]wire.Position{"r": {Epoch: epoch, Offset: since}})
			expectEvents(t, c, "r", epoch, numbers(since+1, events)...)
		})
	}
	published.Wait()
	wg.Wait()
}

// Several Hubs sharing one MemoryBroker are one set of rooms: what one
// publishes, every one delivers, and a client that moves from one to the
// other recovers there.
func TestHubsSharingABrokerShareRoomsAndHistory(t *testing.T) {
	b := new(server.MemoryBroker)
	hubA, hubB := &server.Hub{Broker: b}, &server.Hub{Broker: b}
	srvA, srvB := roomOfOne(t, hubA, "r"), roomOfOne(t, hubB, "r")
	a := comeBack(t, srvA, nil)
	waitFor(t, "the client to join A", func() bool { return hubA.Len("r") == 1 })
	publishNumbered(t, hubB, "r", 1, 2)
	epoch := epochOf(t, b, "r")
	expectAt(t, a, "r", wire.Position{Epoch: epoch, Offset: 0})
	expectEvents(t, a, "r", epoch, 1, 2)

	a.CloseNow()
	publishNumbered(t, hubA, "r", 3, 2)
	c := comeBack(t, srvB, map[string]wire.Position{"r": {Epoch: epoch, Offset: 2}})
	expectEvents(t, c, "r", epoch, 3, 4)
	if strings.Contains(epoch, `"`) {
		t.Errorf("epoch %q needs escaping", epoch)
	}
}
