package natsbroker_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/server/internal/natstest"
	"github.com/silcrow/silcrow/server/natsbroker"
	"github.com/silcrow/silcrow/wire"
)

const hangGuard = 10 * time.Second

// instance connects to ns as one server instance would and returns its
// broker.
func instance(t *testing.T, ns *natsserver.Server, cfg natsbroker.Config) *natsbroker.Broker {
	t.Helper()
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	b, err := natsbroker.New(ctx, nc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// collector gathers what a subscription delivers.
type collector struct {
	mu  sync.Mutex
	evs []wire.Event
}

func (c *collector) deliver(ev wire.Event) {
	c.mu.Lock()
	c.evs = append(c.evs, ev)
	c.mu.Unlock()
}

// await waits until n events have arrived and returns them.
func (c *collector) await(t *testing.T, n int) []wire.Event {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		c.mu.Lock()
		got := append([]wire.Event(nil), c.evs...)
		c.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d events arrived, want %d", len(got), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func subscribe(t *testing.T, b *natsbroker.Broker, room string) *collector {
	t.Helper()
	c := new(collector)
	unsubscribe, err := b.Subscribe(room, c.deliver)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unsubscribe)
	return c
}

func publish(t *testing.T, b *natsbroker.Broker, room string, n any) {
	t.Helper()
	if err := b.Publish(context.Background(), room, wire.Custom("n", n)); err != nil {
		t.Fatal(err)
	}
}

func TestEveryInstanceReceivesEveryEventInOneOrder(t *testing.T) {
	ns := natstest.Start(t)
	a, b := instance(t, ns, natsbroker.Config{}), instance(t, ns, natsbroker.Config{})
	if a.Epoch() != b.Epoch() || a.Epoch() == "" {
		t.Fatalf("epochs %q and %q, want one", a.Epoch(), b.Epoch())
	}
	atA, atB := subscribe(t, a, "chat"), subscribe(t, b, "chat")
	elsewhere := subscribe(t, b, "other")

	const each = 50
	var wg sync.WaitGroup
	for i, inst := range []*natsbroker.Broker{a, b} {
		wg.Go(func() {
			for j := range each {
				publish(t, inst, "chat", fmt.Sprint(i, "-", j))
			}
		})
	}
	wg.Wait()
	gotA, gotB := atA.await(t, 2*each), atB.await(t, 2*each)
	if len(gotA) != 2*each || len(gotB) != 2*each {
		t.Fatalf("instances received %d and %d events, want %d each", len(gotA), len(gotB), 2*each)
	}
	for i := range gotA {
		if gotA[i].String() != gotB[i].String() {
			t.Fatalf("event %d: %s on one instance, %s on the other", i, gotA[i], gotB[i])
		}
		ev := gotA[i]
		if ev.Room != "chat" || ev.Pos.Epoch != a.Epoch() || i > 0 && ev.Pos.Offset <= gotA[i-1].Pos.Offset {
			t.Fatalf("event %d at %q %+v after %+v: want chat, epoch %q, increasing offsets", i, ev.Room, ev.Pos, gotA[max(i-1, 0)].Pos, a.Epoch())
		}
	}
	if n := len(elsewhere.await(t, 0)); n != 0 {
		t.Errorf("a subscription to another room received %d events", n)
	}
}

func TestHistoryReplaysTheRoomsEventsAfterAPosition(t *testing.T) {
	ns := natstest.Start(t)
	b := instance(t, ns, natsbroker.Config{})
	for i := 1; i <= 5; i++ {
		publish(t, b, "a", i)
		publish(t, b, "b", -i)
	}
	ctx := context.Background()
	all, err := b.History(ctx, "a", wire.Position{Epoch: b.Epoch(), Offset: 0})
	if err != nil || len(all) != 5 {
		t.Fatalf("History from the start: %d events, %v; want 5", len(all), err)
	}
	got, err := b.History(ctx, "a", all[1].Pos)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("History after the second event: %d events, want 3", len(got))
	}
	for i, ev := range got {
		if ev.String() != all[i+2].String() || ev.Pos != all[i+2].Pos || ev.Room != "a" {
			t.Errorf("event %d: %s at %+v, want %s at %+v", i, ev, ev.Pos, all[i+2], all[i+2].Pos)
		}
	}
	if got, err := b.History(ctx, "a", all[4].Pos); err != nil || len(got) != 0 {
		t.Errorf("History after the last event: %d events, %v; want none", len(got), err)
	}
	// Rooms with names that are no subject token stay apart.
	publish(t, b, "a.b c*", 1)
	publish(t, b, "a>b", 2)
	for room, want := range map[string]string{"a.b c*": "1", "a>b": "2"} {
		got, err := b.History(ctx, room, wire.Position{Epoch: b.Epoch()})
		if err != nil || len(got) != 1 || string(got[0].Data) != want {
			t.Errorf("History of %q: %v, %v; want one event with data %s", room, got, err, want)
		}
	}
}

func TestHistoryReportsAGapWhenItCannotReplay(t *testing.T) {
	ns := natstest.Start(t)
	b := instance(t, ns, natsbroker.Config{Stream: "SMALL", Prefix: "small", MaxMsgs: 3, MaxReplay: 2})
	for i := 1; i <= 6; i++ {
		publish(t, b, "r", i)
	}
	// The stream holds sequences 4, 5 and 6.
	tests := []struct {
		name  string
		since wire.Position
	}{
		{"events pushed out", wire.Position{Epoch: b.Epoch(), Offset: 2}},
		{"more than MaxReplay", wire.Position{Epoch: b.Epoch(), Offset: 3}},
		{"beyond the last", wire.Position{Epoch: b.Epoch(), Offset: 7}},
		{"another epoch", wire.Position{Epoch: "old", Offset: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := b.History(context.Background(), "r", tt.since)
			var gap *server.GapError
			if !errors.As(err, &gap) {
				t.Fatalf("History = %v, %v; want a gap", evs, err)
			}
			want := server.GapError{Room: "r", Since: tt.since, Epoch: b.Epoch(), First: 4, Last: 6}
			if *gap != want {
				t.Errorf("gap %+v, want %+v", *gap, want)
			}
		})
	}
	if evs, err := b.History(context.Background(), "r", wire.Position{Epoch: b.Epoch(), Offset: 4}); err != nil || len(evs) != 2 {
		t.Errorf("History within the stream and MaxReplay: %d events, %v; want 2", len(evs), err)
	}
}

func TestARecreatedStreamIsANewEpoch(t *testing.T) {
	ns := natstest.Start(t)
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	ctx := context.Background()
	first, err := natsbroker.New(ctx, nc, natsbroker.Config{})
	if err != nil {
		t.Fatal(err)
	}
	publish(t, first, "r", 1)
	first.Close()
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	if err := js.DeleteStream(natsbroker.DefaultStream); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond) // creation times are in nanoseconds, but be sure
	second, err := natsbroker.New(ctx, nc, natsbroker.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if first.Epoch() == second.Epoch() {
		t.Fatalf("the recreated stream kept epoch %q", first.Epoch())
	}
	publish(t, second, "r", 2)
	_, err = second.History(ctx, "r", wire.Position{Epoch: first.Epoch(), Offset: 1})
	var gap *server.GapError
	if !errors.As(err, &gap) || gap.Epoch != second.Epoch() || gap.First != 1 || gap.Last != 1 {
		t.Errorf("History of the old epoch: %v, want a gap to the new one", err)
	}
}
