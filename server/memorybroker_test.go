package server

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/silcrow/silcrow/wire"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestMemoryBrokerForgetsUnusedRoomsOnceTheirEventsAgedOut(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	b := &MemoryBroker{Age: time.Minute, now: clock.now}
	ctx := context.Background()
	b.Publish(ctx, "once", wire.Invalidate("#a"))
	unsubscribe, _ := b.Subscribe("watched", func(wire.Event) {})
	defer unsubscribe()
	b.Publish(ctx, "busy", wire.Invalidate("#a"))

	clock.t = clock.t.Add(sweepEvery + time.Minute)
	b.Publish(ctx, "busy", wire.Invalidate("#b"))
	b.mu.Lock()
	_, once := b.rooms["once"]
	_, watched := b.rooms["watched"]
	_, busy := b.rooms["busy"]
	b.mu.Unlock()
	if once || !watched || !busy {
		t.Errorf("after the sweep: once kept %v, watched kept %v, busy kept %v; want false, true, true", once, watched, busy)
	}
}

func TestMemoryBrokerWithoutHistoryRecoversOnlyClientsThatMissedNothing(t *testing.T) {
	b := &MemoryBroker{Size: -1}
	ctx := context.Background()
	var last wire.Position
	unsubscribe, _ := b.Subscribe("r", func(ev wire.Event) { last = ev.Pos })
	defer unsubscribe()
	for range 3 {
		b.Publish(ctx, "r", wire.Invalidate("#a"))
	}
	if evs, err := b.History(ctx, "r", last); err != nil || len(evs) != 0 {
		t.Errorf("History from the last event = %v, %v; want nothing", evs, err)
	}
	var gap *GapError
	_, err := b.History(ctx, "r", wire.Position{Epoch: last.Epoch, Offset: 2})
	if !errors.As(err, &gap) || gap.First != 0 || gap.Last != 0 {
		t.Errorf("History from an earlier event = %v, want a gap with nothing kept", err)
	}
}
