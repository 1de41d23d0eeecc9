package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/silcrow/silcrow/wire"
)

// The history a [MemoryBroker] keeps per room when its fields are zero.
const (
	DefaultHistorySize = 1000
	DefaultHistoryAge  = 5 * time.Minute
)

// sweepEvery is how often a MemoryBroker forgets the rooms nobody
// subscribes to and whose history has emptied.
const sweepEvery = time.Minute

// MemoryBroker is the in-process [Broker]: it delivers each event to the
// subscriptions of this process and keeps, per room, a ring of the latest
// events for streams that reconnect. A [Hub] without a Broker makes one
// from its HistorySize and HistoryAge; several Hubs of one process may
// share one. The zero value is ready to use with the default history.
//
// A room's history starts with a random epoch the first time the room is
// used, and its offsets count 1, 2, 3… from there. A room that nobody
// subscribes to and whose events have all aged out is forgotten, so its
// next use starts a new epoch, as does a new MemoryBroker (a restarted
// process): clients of the old epoch are told of a gap.
type MemoryBroker struct {
	// Size is the number of events kept per room: zero means
	// DefaultHistorySize, and a negative Size keeps none, so that only a
	// client that missed nothing recovers.
	Size int
	// Age is how long an event is kept: zero means DefaultHistoryAge, and
	// a negative Age keeps events until Size pushes them out.
	Age time.Duration

	// now is the clock, replaced by tests.
	now func() time.Time

	mu    sync.Mutex
	rooms map[string]*roomLog
	swept time.Time
}

var _ Broker = (*MemoryBroker)(nil)

// roomLog is one room's history and subscriptions.
type roomLog struct {
	mu sync.Mutex
	// dead is set when the broker forgot the room; whoever finds it dead
	// looks the room up again.
	dead  bool
	epoch string
	last  uint64
	// events hold the offsets last-len(events)+1 … last, oldest first.
	events []logged
	subs   map[*func(wire.Event)]struct{}
}

type logged struct {
	ev wire.Event
	at time.Time
}

// Publish gives ev the room's next offset, keeps it, and delivers it to the
// room's subscriptions before returning. ctx is not used: nothing here
// waits.
func (b *MemoryBroker) Publish(_ context.Context, room string, ev wire.Event) error {
	now := b.clock()
	r := b.lockRoom(room, now)
	defer r.mu.Unlock()
	r.expire(now, b.age())
	r.last++
	ev = ev.WithPosition(room, wire.Position{Epoch: r.epoch, Offset: r.last})
	if size := b.size(); size > 0 {
		if len(r.events) == size {
			r.events[0] = logged{}
			r.events = r.events[1:]
		}
		r.events = append(r.events, logged{ev: ev, at: now})
	}
	// Delivered under the room's lock, so that concurrent publishers'
	// events reach every subscription in the order of their offsets.
	for deliver := range r.subs {
		(*deliver)(ev)
	}
	return nil
}

// Subscribe adds deliver to room's subscriptions.
func (b *MemoryBroker) Subscribe(room string, deliver func(wire.Event)) (func(), error) {
	r := b.lockRoom(room, b.clock())
	defer r.mu.Unlock()
	key := &deliver
	r.subs[key] = struct{}{}
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.subs, key)
	}, nil
}

// History returns the kept events of room after since, or a *GapError.
func (b *MemoryBroker) History(_ context.Context, room string, since wire.Position) ([]wire.Event, error) {
	now := b.clock()
	r := b.lockRoom(room, now)
	defer r.mu.Unlock()
	r.expire(now, b.age())
	first := r.last + 1 - uint64(len(r.events))
	if since.Epoch != r.epoch || since.Offset > r.last || since.Offset+1 < first {
		gap := &GapError{Room: room, Since: since, Epoch: r.epoch}
		if len(r.events) > 0 {
			gap.First, gap.Last = first, r.last
		}
		return nil, gap
	}
	missed := r.events[since.Offset+1-first:]
	evs := make([]wire.Event, len(missed))
	for i, l := range missed {
		evs[i] = l.ev
	}
	return evs, nil
}

// lockRoom returns room's log, locked, starting its history when the
// room is new.
func (b *MemoryBroker) lockRoom(room string, now time.Time) *roomLog {
	for {
		b.mu.Lock()
		if b.rooms == nil {
			b.rooms = make(map[string]*roomLog)
			b.swept = now
		}
		if now.Sub(b.swept) >= sweepEvery {
			b.sweepLocked(now)
		}
		r := b.rooms[room]
		if r == nil {
			r = &roomLog{epoch: newEpoch(), subs: make(map[*func(wire.Event)]struct{})}
			b.rooms[room] = r
		}
		b.mu.Unlock()
		r.mu.Lock()
		if !r.dead {
			return r
		}
		r.mu.Unlock()
	}
}

// sweepLocked forgets the rooms without subscriptions whose history has
// emptied, so that rooms used once do not stay in memory.
func (b *MemoryBroker) sweepLocked(now time.Time) {
	b.swept = now
	for name, r := range b.rooms {
		r.mu.Lock()
		r.expire(now, b.age())
		if len(r.subs) == 0 && len(r.events) == 0 {
			r.dead = true
			delete(b.rooms, name)
		}
		r.mu.Unlock()
	}
}

// expire drops the events older than age.
func (r *roomLog) expire(now time.Time, age time.Duration) {
	if age <= 0 {
		return
	}
	n := 0
	for n < len(r.events) && now.Sub(r.events[n].at) > age {
		r.events[n] = logged{}
		n++
	}
	r.events = r.events[n:]
}

func (b *MemoryBroker) size() int { return orDefault(b.Size, DefaultHistorySize) }

func (b *MemoryBroker) age() time.Duration { return orDefault(b.Age, DefaultHistoryAge) }

func (b *MemoryBroker) clock() time.Time {
	if b.now != nil {
		return b.now()
	}
	return time.Now()
}

// newEpoch returns 12 random characters, different for every history.
func newEpoch() string {
	var b [9]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
