package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/nats-io/nats.go"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/server/internal/natstest"
	"github.com/silcrow/silcrow/server/natsbroker"
	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/frame"
)

// loadGuard bounds every wait of the load and fault tests; like hangGuard
// it only turns a hang into a failure. Nothing here is a timed assertion:
// the figures are logged.
const loadGuard = 2 * time.Minute

// stamp is the data of a numbered event: its index among the published
// ones and when it was published.
type stamp struct {
	I int   `json:"i"`
	T int64 `json:"t"`
}

// publishStamped publishes events i = from … to-1 to room, one every
// pause, and calls after(i) once event i is handed over.
func publishStamped(ctx context.Context, hub *server.Hub, room string, from, to int, pause time.Duration, after func(i int)) error {
	for i := from; i < to; i++ {
		ev := wire.Custom("n", stamp{I: i, T: time.Now().UnixNano()})
		if err := hub.Publish(ctx, room, ev); err != nil {
			return err
		}
		if after != nil {
			after(i)
		}
		if pause > 0 {
			time.Sleep(pause)
		}
	}
	return nil
}

// follower is a silcrow.v1 client of one room, as a page is: it records
// every event's index, remembers the last position it saw, and when its
// connection drops (Drop, a dead server, a close from the Hub) it
// reconnects offering that position, until it has want events. It fails
// on anything but the exact sequence 0 … want-1: a duplicate, a hole, a
// reordering, a gap frame.
type follower struct {
	room string
	want int
	// url says where to connect, asked again on every reconnect.
	url func() string

	conn atomic.Pointer[websocket.Conn]
	// count is len(got), for other goroutines to watch.
	count atomic.Int64
	got   []int
	last  wire.Position
	// placed says last is where an at frame placed the follower, before
	// any event: an event the broker was still delivering may come
	// after it at or below that position.
	placed bool
	// reconnects counts the connections after the first; dropped, the
	// connections a Hub closed with 4000.
	reconnects int
	dropped    int
	// caughtUp[k] is when, after the k-th drop, the follower had every
	// event published before the drop (see Drop).
	mu        sync.Mutex
	lostAt    time.Time
	catchUpTo int
	recovery  []time.Duration
	latencies []time.Duration
}

// Drop cuts the follower's connection without a close frame, as a network
// failure does; it reconnects by itself. upTo is the number of events
// published so far: the follower has recovered once it has all of them.
func (f *follower) Drop(upTo int) {
	f.lost(upTo)
	if c := f.conn.Load(); c != nil {
		c.CloseNow()
	}
}

func (f *follower) lost(upTo int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lostAt.IsZero() {
		f.lostAt, f.catchUpTo = time.Now(), upTo
	}
}

// run follows the room until want events have arrived or ctx ends.
func (f *follower) run(ctx context.Context) error {
	for first := true; ; first = false {
		if !first {
			f.reconnects++
		}
		err := f.follow(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		var fatal *followError
		if errors.As(err, &fatal) {
			return err
		}
		if websocket.CloseStatus(err) == wire.CloseSlowReader {
			f.dropped++
		}
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
	}
}

// followError is a wrong sequence: no reconnect can mend it.
type followError struct{ msg string }

func (e *followError) Error() string { return e.msg }

func (f *follower) follow(ctx context.Context) error {
	c, _, err := websocket.Dial(ctx, f.url(), &websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}})
	if err != nil {
		return err
	}
	defer c.CloseNow()
	c.SetReadLimit(-1)
	f.conn.Store(c)
	since := map[string]wire.Position{}
	if !f.last.IsZero() {
		since[f.room] = f.last
	}
	if err := c.Write(ctx, websocket.MessageText, frame.AppendControl(nil, frame.Control{Type: frame.ControlHello, Since: since})); err != nil {
		return err
	}
	for len(f.got) < f.want {
		_, b, err := c.Read(ctx)
		if err != nil {
			return err
		}
		if frame.IsControl(b) {
			// An at frame says where the room stands on a first join; the
			// follower offers it after a drop. Anything else is a fault.
			c, err := frame.ParseControl(b)
			if err != nil || c.Type != frame.ControlAt || c.Room != f.room || len(f.got) > 0 {
				return &followError{fmt.Sprintf("after event %d: control frame %s", len(f.got)-1, b)}
			}
			f.last, f.placed = c.Have, true
			continue
		}
		ev, err := wire.Decode(b)
		if err != nil {
			return &followError{fmt.Sprintf("frame %s: %v", b, err)}
		}
		var s stamp
		if err := json.Unmarshal(ev.Data, &s); err != nil {
			return &followError{fmt.Sprintf("frame %s: %v", b, err)}
		}
		if ev.Room != f.room || s.I != len(f.got) || !f.placed && ev.Pos.Epoch == f.last.Epoch && ev.Pos.Offset <= f.last.Offset {
			return &followError{fmt.Sprintf("after %d events up to %+v: got %s", len(f.got), f.last, b)}
		}
		f.got = append(f.got, s.I)
		f.placed = false
		f.count.Add(1)
		f.last = ev.Pos
		f.mu.Lock()
		f.latencies = append(f.latencies, time.Duration(time.Now().UnixNano()-s.T))
		if !f.lostAt.IsZero() && len(f.got) >= f.catchUpTo {
			f.recovery = append(f.recovery, time.Since(f.lostAt))
			f.lostAt = time.Time{}
		}
		f.mu.Unlock()
	}
	c.Close(websocket.StatusNormalClosure, "")
	return nil
}

// followAll runs every follower and fails the test for each that did not
// end with the whole sequence.
func followAll(t *testing.T, fs []*follower) (wait func()) {
	ctx, cancel := context.WithTimeout(context.Background(), loadGuard)
	var wg sync.WaitGroup
	errs := make([]error, len(fs))
	for i, f := range fs {
		wg.Go(func() { errs[i] = f.run(ctx) })
	}
	return func() {
		t.Helper()
		wg.Wait()
		cancel()
		failed := 0
		for i, err := range errs {
			if err != nil && failed < 5 {
				t.Errorf("client %d: %v", i, err)
			}
			if err != nil {
				failed++
			}
		}
		if failed > 0 {
			t.Fatalf("%d of %d clients did not receive every event exactly once, in order", failed, len(fs))
		}
	}
}

// warmUp publishes event 0 and waits until every follower has it, so that
// every one has joined and is receiving before the drops begin.
func warmUp(t *testing.T, hub *server.Hub, room string, fs []*follower) {
	t.Helper()
	if err := publishStamped(context.Background(), hub, room, 0, 1, 0, nil); err != nil {
		t.Fatal(err)
	}
	waitForLong(t, "every client to have the first event", func() bool {
		for _, f := range fs {
			if f.count.Load() == 0 {
				return false
			}
		}
		return true
	})
}

// roomServerFor serves handlers that join every client to room on hub,
// without keep-alive pings, which no test here needs.
func roomServerFor(t *testing.T, hub *server.Hub, room string) *httptest.Server {
	t.Helper()
	return roomServerOn(t, hub, room, nil)
}

// roomServerOn is roomServerFor on the listener l (nil: a new one).
func roomServerOn(t *testing.T, hub *server.Hub, room string, l net.Listener) *httptest.Server {
	t.Helper()
	u := &server.Upgrader{PingInterval: -1}
	srv := httptest.NewUnstartedServer(u.Handler(func(ctx context.Context, s *server.Stream) {
		if err := hub.Join(room, s); err != nil {
			return
		}
		for {
			if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
				return
			}
		}
	}))
	if l != nil {
		srv.Listener.Close()
		srv.Listener = l
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func newLocalListener(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// killableListener remembers every connection it accepted, so that kill
// can cut them all with the listener, as the death of a process does.
type killableListener struct {
	net.Listener
	mu    sync.Mutex
	conns []net.Conn
	dead  bool
}

func (l *killableListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dead {
		c.Close()
		return nil, net.ErrClosed
	}
	l.conns = append(l.conns, c)
	return c, nil
}

func (l *killableListener) kill() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dead = true
	l.Listener.Close()
	for _, c := range l.conns {
		c.Close()
	}
}

// smallBufferDial dials with small kernel buffers (see smallBuffers).
func smallBufferDial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := new(net.Dialer).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return smallBuffers(c), nil
}

// percentile returns the p-th percentile of ds (sorted in place).
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

func gather(fs []*follower, pick func(*follower) []time.Duration) []time.Duration {
	var all []time.Duration
	for _, f := range fs {
		all = append(all, pick(f)...)
	}
	return all
}

// A broadcast to 1,000 clients while a tenth of them lose their connection
// and come back, each offering its last position: every client ends with
// every event exactly once, in order.
func TestBroadcastWhileClientsReconnectLosesNothing(t *testing.T) {
	clients, events := 1000, 300
	if raceEnabled {
		// The race detector's goroutine limit and its slowness.
		events = 100
	}
	hub := &server.Hub{QueueSize: 256}
	srv := roomServerFor(t, hub, "feed")
	url := wsURL(srv)
	fs := make([]*follower, clients)
	for i := range fs {
		fs[i] = &follower{room: "feed", want: events, url: func() string { return url }}
	}
	wait := followAll(t, fs)
	waitForLong(t, "every client to join", func() bool { return hub.Len("feed") == clients })

	// Which clients drop, and after which event.
	dropAt := make(map[int][]*follower)
	for _, i := range rand.Perm(clients)[:clients/10] {
		k := 1 + rand.IntN(events-2)
		dropAt[k] = append(dropAt[k], fs[i])
	}
	warmUp(t, hub, "feed", fs)
	start := time.Now()
	// One event every 10ms: 100,000 deliveries a second, about what this
	// process can carry with the clients in it, so that latency and
	// recovery are not those of a growing backlog.
	err := publishStamped(context.Background(), hub, "feed", 1, events, 10*time.Millisecond, func(i int) {
		for _, f := range dropAt[i] {
			f.Drop(i + 1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	wait()
	elapsed := time.Since(start)

	reconnects, dropped := 0, 0
	for _, f := range fs {
		reconnects += f.reconnects
		dropped += f.dropped
	}
	if reconnects < clients/10 {
		t.Errorf("%d reconnects, want at least %d", reconnects, clients/10)
	}
	recovery := gather(fs, func(f *follower) []time.Duration { return f.recovery })
	latency := gather(fs, func(f *follower) []time.Duration { return f.latencies })
	t.Logf("%d clients × %d events in %v (%.0f msgs/s delivered); %d reconnects, %d closed as slow readers",
		clients, events, elapsed.Round(time.Millisecond), float64(clients*events)/elapsed.Seconds(), reconnects, dropped)
	t.Logf("delivery latency p50 %v p99 %v; recovery after a drop p50 %v p99 %v (n=%d)",
		percentile(latency, .5), percentile(latency, .99), percentile(recovery, .5), percentile(recovery, .99), len(recovery))
}

// A slow reader is closed with 4000 while the other clients are not
// delayed and miss nothing; coming back with its position, it recovers.
func TestSlowReaderIsClosedWhileTheOthersMissNothing(t *testing.T) {
	const clients, events = 20, 300
	var hub server.Hub
	// A small kernel buffer, so that a client that stops reading clogs
	// its socket after a few kilobytes, as the test of the Hub's queue
	// does.
	srv := httptest.NewUnstartedServer((&server.Upgrader{PingInterval: -1, WriteTimeout: -1}).Handler(func(ctx context.Context, s *server.Stream) {
		if err := hub.Join("feed", s); err != nil {
			return
		}
		for {
			if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
				return
			}
		}
	}))
	srv.Listener = smallBufferListener{srv.Listener}
	srv.Start()
	t.Cleanup(srv.Close)
	url := wsURL(srv)

	fs := make([]*follower, clients)
	for i := range fs {
		fs[i] = &follower{room: "feed", want: events, url: func() string { return url }}
	}
	wait := followAll(t, fs)
	waitForLong(t, "every client to join", func() bool { return hub.Len("feed") == clients })

	// The slow reader joins and never reads.
	slow := dial(t, srv, &websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}, HTTPClient: &http.Client{Transport: &http.Transport{DialContext: smallBufferDial}}})
	write(t, slow, websocket.MessageText, hello(nil))
	waitForLong(t, "the slow reader to join", func() bool { return hub.Len("feed") == clients+1 })
	// The slow reader reads nothing until the hub has dropped it, or it
	// would not be slow; then it reads its backlog at once, so that the
	// close frame gets through before the server's close handshake gives
	// up (after 5 s), however long the fast clients take on a loaded
	// machine.
	slowErr := make(chan error, 1)
	go func() {
		deadline := time.Now().Add(loadGuard)
		for hub.Len("feed") > clients {
			if time.Now().After(deadline) {
				slowErr <- errors.New("the hub never dropped the slow reader")
				return
			}
			time.Sleep(time.Millisecond)
		}
		slowErr <- readCloseAfterEvents(t, slow)
	}()

	pad := make([]byte, 2<<10)
	for i := range pad {
		pad[i] = 'x'
	}
	// Each event goes out once every fast client is at most 8 behind, far
	// inside its queue, so that only the slow reader can fall behind and
	// the test holds on a loaded machine.
	for i := range events {
		if err := hub.Publish(context.Background(), "feed", wire.Custom("n", struct {
			stamp
			Pad string `json:"pad"`
		}{stamp{I: i, T: time.Now().UnixNano()}, string(pad)})); err != nil {
			t.Fatal(err)
		}
		waitForLong(t, "the fast clients to keep up", func() bool {
			for _, f := range fs {
				if f.count.Load() < int64(i-8) {
					return false
				}
			}
			return true
		})
	}
	wait()
	err := <-slowErr
	if websocket.CloseStatus(err) != wire.CloseSlowReader {
		t.Errorf("slow reader saw %v, want close 4000", err)
	}
	for i, f := range fs {
		if f.reconnects > 0 {
			t.Errorf("client %d reconnected %d times (%d closed as slow): a fast client was disturbed", i, f.reconnects, f.dropped)
		}
	}
}

// readCloseAfterEvents reads the slow client's backlog to its close.
func readCloseAfterEvents(t *testing.T, c *websocket.Conn) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), loadGuard)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			return err
		}
	}
}

// An instance killed mid-stream: its clients reconnect to another
// instance, which shares the rooms through NATS, and recover from
// JetStream what they missed meanwhile.
func TestClientsOfAKilledInstanceRecoverOnAnother(t *testing.T) {
	const clients, events, killAt = 100, 300, 100
	ns := natstest.Start(t)
	hubOn := func() *server.Hub {
		nc, err := nats.Connect(ns.ClientURL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		b, err := natsbroker.New(context.Background(), nc, natsbroker.Config{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Close)
		return &server.Hub{Broker: b}
	}
	hubA, hubB := hubOn(), hubOn()
	srvA, srvB := roomServerFor(t, hubA, "feed"), roomServerFor(t, hubB, "feed")
	// A's connections are cut at once, as when its process dies; a
	// plain httptest.Server forgets upgraded connections.
	srvA.Close()
	killable := &killableListener{Listener: newLocalListener(t)}
	srvA = roomServerOn(t, hubA, "feed", killable)
	var killed atomic.Bool
	urlA, urlB := wsURL(srvA), wsURL(srvB)
	fs := make([]*follower, clients)
	for i := range fs {
		fs[i] = &follower{room: "feed", want: events, url: func() string {
			if killed.Load() {
				return urlB
			}
			return urlA
		}}
	}
	wait := followAll(t, fs)
	waitForLong(t, "every client to join A", func() bool { return hubA.Len("feed") == clients })

	// The events come from B's side of the cluster, as from a handler
	// there; A dies after killAt of them.
	warmUp(t, hubB, "feed", fs)
	start := time.Now()
	err := publishStamped(context.Background(), hubB, "feed", 1, events, time.Millisecond, func(i int) {
		if i != killAt-1 {
			return
		}
		for _, f := range fs {
			f.lost(killAt)
		}
		killed.Store(true)
		// No close frames: the process is gone.
		killable.kill()
	})
	if err != nil {
		t.Fatal(err)
	}
	wait()
	elapsed := time.Since(start)
	waitForLong(t, "every client to leave B", func() bool { return hubB.Len("feed") == 0 })
	recovery := gather(fs, func(f *follower) []time.Duration { return f.recovery })
	latency := gather(fs, func(f *follower) []time.Duration { return f.latencies })
	t.Logf("%d clients × %d events through NATS in %v (%.0f msgs/s delivered)", clients, events, elapsed.Round(time.Millisecond), float64(clients*events)/elapsed.Seconds())
	t.Logf("delivery latency p50 %v p99 %v; recovery on the other instance p50 %v p99 %v max %v (n=%d)",
		percentile(latency, .5), percentile(latency, .99), percentile(recovery, .5), percentile(recovery, .99), percentile(recovery, 1), len(recovery))
}

// waitForLong polls cond until it holds, within loadGuard.
func waitForLong(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(loadGuard)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
