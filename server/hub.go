package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/frame"
)

// Broadcaster is what a handler needs of a [Hub]: join and leave rooms,
// and publish to them. Handlers that take a Broadcaster rather than a
// *Hub can be tested with a fake. Spreading rooms over several server
// instances is not done by implementing it again but by giving each
// instance's Hub a shared [Broker].
type Broadcaster interface {
	// Join adds s to room. A stream leaves its rooms by itself when it
	// ends, so Leave is only needed to leave earlier.
	Join(room string, s *Stream) error
	// Leave removes s from room. Leaving a room s is not in does nothing.
	Leave(room string, s *Stream)
	// Publish sends ev to every stream in room. ctx bounds handing the
	// event to a broker; delivery to each stream happens afterwards.
	Publish(ctx context.Context, room string, ev wire.Event) error
}

var _ Broadcaster = (*Hub)(nil)

// DefaultQueueSize is the number of events a [Hub] queues for one stream
// when QueueSize is zero.
const DefaultQueueSize = 64

// QueueFullReason is the close reason of a stream a [Hub] dropped for
// falling behind.
const QueueFullReason = "send queue full"

// Hub is a [Broadcaster]: a set of named rooms of this process's streams,
// fed by a [Broker] that gives every event its position in its room's
// history. The zero value is ready to use, with an in-process
// [MemoryBroker]; a Hub must not be copied after first use.
//
// Each joined stream gets a send queue of QueueSize events, drained by its
// own goroutine, so Publish never waits for a client and a slow client
// never delays the others. A stream whose queue is full when an event
// arrives has fallen too far behind to catch up: it is removed from all
// its rooms and closed with status 4000 (wire.CloseSlowReader) and reason
// "send queue full", a code that tells the client to reconnect. (When its
// socket is so clogged that the close frame cannot be written within a few
// seconds, the connection is dropped instead.)
//
// Streams that speak [wire.Subprotocol] (or sent a hello) receive each
// event with its room and position, and offer the last position they saw
// when they reconnect (see [Stream.Since]). Join then replays what they
// missed before any newer event, or, when the history cannot, sends a gap
// control frame first: a client is never left with a silent hole. Other
// streams receive the events as they were published.
//
// A stream is in a room until it leaves or ends. Leaving the last room
// drops the events still queued for it.
type Hub struct {
	// QueueSize is the number of events queued per stream; zero or less
	// means DefaultQueueSize. Events replayed by Join do not count.
	QueueSize int

	// Broker carries the events between the Hubs of several server
	// instances and keeps the rooms' history. Nil means an in-process
	// MemoryBroker with HistorySize and HistoryAge as its Size and Age.
	// Set it before first use.
	Broker Broker

	// HistorySize and HistoryAge bound the in-process history of each
	// room when Broker is nil: zero means DefaultHistorySize events and
	// DefaultHistoryAge, a negative size keeps no history and a negative
	// age keeps events until the size pushes them out.
	HistorySize int
	HistoryAge  time.Duration

	brokerOnce sync.Once
	broker     Broker

	mu      sync.Mutex
	rooms   map[string]*room
	members map[*Stream]*member
}

// room is one room's streams on this Hub and its subscription to the
// broker, which lives as long as the room has streams or joiners.
type room struct {
	name  string
	seats map[*member]*seat
	// ready is closed when the subscription is made, or failed with err.
	ready       chan struct{}
	err         error
	unsubscribe func()
	// joining counts the Joins waiting for ready; the room is not retired
	// under them.
	joining int
}

// seat is a member's place in a room: the last position it was sent, and,
// while its missed events are fetched, the newer ones that wait for them.
type seat struct {
	epoch      string
	last       uint64
	recovering bool
	pending    []pending
}

type pending struct {
	pos   wire.Position
	frame []byte
}

// fresh reports whether an event at pos comes after what the seat was
// sent: a later offset, or another epoch, which starts the count anew.
func (st *seat) fresh(pos wire.Position) bool {
	return pos.Epoch != st.epoch || pos.Offset > st.last
}

func (st *seat) sent(pos wire.Position) {
	st.epoch, st.last = pos.Epoch, pos.Offset
}

// member is one stream's place in a Hub: its queue and its rooms.
type member struct {
	s *Stream
	// positioned streams receive events with their room and position.
	positioned bool
	rooms      map[string]*room

	mu    sync.Mutex
	queue []queued
	// live counts the queued frames that are not replayed ones: only they
	// count against the queue size.
	live int
	// wake tells drain that the queue has grown.
	wake chan struct{}
	// gone is closed when the member is removed; its drain goroutine exits.
	gone chan struct{}
	// stopWatch cancels the removal scheduled for the stream's end.
	stopWatch func() bool
}

type queued struct {
	frame  []byte
	replay bool
}

// push queues a frame; a live frame finds room only when fewer than size
// live frames wait.
func (m *member) push(frame []byte, replay bool, size int) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !replay {
		if m.live >= size {
			return false
		}
		m.live++
	}
	m.queue = append(m.queue, queued{frame, replay})
	select {
	case m.wake <- struct{}{}:
	default:
	}
	return true
}

func (m *member) pop() ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.queue) == 0 {
		return nil, false
	}
	q := m.queue[0]
	m.queue[0] = queued{}
	m.queue = m.queue[1:]
	if len(m.queue) == 0 {
		m.queue = nil
	}
	if !q.replay {
		m.live--
	}
	return q.frame, true
}

// Join adds s to room. When s offers a position in room (see
// [Stream.Since]), the events it missed since are queued for it first,
// taken from the Broker's history, and every newer event after them, none
// twice; when the history cannot give them all, a gap control frame is
// queued instead, then the newer events. Join fails when s has already
// ended, or when the Broker cannot be reached; s is then not in room.
//
// A stream that speaks [wire.Subprotocol] and offers no position in room
// is told where room stands (an at control frame) before the newer
// events, so that it has a position to offer after a drop even when no
// event reached it.
func (h *Hub) Join(name string, s *Stream) error {
	since, recovering := s.Since(name)
	// placing: the stream learns where the room stands; a recovering one
	// learns it from what it is replayed.
	placing := !recovering && (s.v1 || s.since != nil)
	b := h.brokerOf()

	h.mu.Lock()
	if s.ending() {
		h.mu.Unlock()
		return fmt.Errorf("server: join room %q: %w", name, net.ErrClosed)
	}
	if h.rooms == nil {
		h.rooms = make(map[string]*room)
		h.members = make(map[*Stream]*member)
	}
	r := h.rooms[name]
	first := r == nil
	if first {
		r = &room{name: name, seats: make(map[*member]*seat), ready: make(chan struct{})}
		h.rooms[name] = r
	}
	r.joining++
	h.mu.Unlock()

	if first {
		// Subscribed before any stream sits in the room, so that every
		// event after the history Join reads reaches the room.
		unsubscribe, err := b.Subscribe(name, func(ev wire.Event) { h.deliver(r, ev) })
		h.mu.Lock()
		r.unsubscribe, r.err = unsubscribe, err
		h.mu.Unlock()
		close(r.ready)
	} else {
		<-r.ready
	}

	h.mu.Lock()
	r.joining--
	if r.err != nil {
		err := r.err
		h.retireLocked(r)
		h.mu.Unlock()
		return fmt.Errorf("server: join room %q: %w", name, err)
	}
	if s.ending() {
		h.retireLocked(r)
		h.mu.Unlock()
		return fmt.Errorf("server: join room %q: %w", name, net.ErrClosed)
	}
	m := h.memberLocked(s)
	if r.seats[m] != nil {
		h.mu.Unlock()
		return nil
	}
	st := &seat{recovering: recovering || placing}
	if recovering {
		st.sent(since)
	}
	r.seats[m] = st
	m.rooms[name] = r
	h.mu.Unlock()
	if !recovering && !placing {
		return nil
	}

	// Events published from here on wait in st.pending; the history
	// holds every event delivered before, so the two overlap rather than
	// leave a hole, and the seat's position keeps the overlap out.
	missed, err := b.History(s.ctx, name, since)
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.seats[m] != st {
		// Removed meanwhile: left, ended, or dropped.
		return nil
	}
	var gap *GapError
	switch {
	case placing && (err == nil || errors.As(err, &gap)):
		// Asked with no position, a history answers with a gap that says
		// where the room stands (or, for a history without epochs, with
		// every event it holds); nothing is replayed.
		at := wire.Position{}
		if gap != nil {
			at = wire.Position{Epoch: gap.Epoch, Offset: gap.Last}
		} else if len(missed) > 0 {
			at = missed[len(missed)-1].Pos
		}
		// The events delivered since the seat was taken are this client's:
		// the at frame goes before the first of them, and the seat keeps
		// no position, so that none of them, nor one the broker has yet
		// to deliver, is held back. Events arrive in order, so the last
		// one the client receives is its position, whatever the at said.
		if len(st.pending) > 0 && st.pending[0].pos.Epoch == at.Epoch && st.pending[0].pos.Offset <= at.Offset {
			at.Offset = st.pending[0].pos.Offset - 1
		}
		m.push(frame.AppendControl(nil, frame.Control{Type: frame.ControlAt, Room: name, Have: at}), true, 0)
	case errors.As(err, &gap):
		m.push(frame.AppendControl(nil, frame.Control{
			Type: frame.ControlGap, Room: name, Have: since,
			Epoch: gap.Epoch, First: gap.First, Last: gap.Last,
		}), true, 0)
		st.sent(wire.Position{Epoch: gap.Epoch, Offset: gap.Last})
	case err != nil:
		h.leaveLocked(r, m)
		return fmt.Errorf("server: join room %q: history: %w", name, err)
	default:
		for _, ev := range missed {
			if !st.fresh(ev.Pos) {
				continue
			}
			b, err := wire.Encode(ev)
			if err != nil {
				continue
			}
			m.push(b, true, 0)
			st.sent(ev.Pos)
		}
	}
	st.recovering = false
	waiting := st.pending
	st.pending = nil
	for _, p := range waiting {
		if !st.fresh(p.pos) {
			continue
		}
		if !m.push(p.frame, false, h.queueSize()) {
			h.dropLocked(m)
			return nil
		}
		st.sent(p.pos)
	}
	return nil
}

// Leave removes s from room; a stream that leaves its last room leaves the
// Hub and its queued events are dropped.
func (h *Hub) Leave(name string, s *Stream) {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.members[s]
	if m == nil {
		return
	}
	if r := m.rooms[name]; r != nil {
		h.leaveLocked(r, m)
	}
}

// Publish hands ev to the Broker, which gives it its position and brings
// it to every stream in room, on this Hub and on the others that share the
// Broker. It never blocks on a client; streams whose queue is full are
// dropped as described on [Hub]. An event that does not encode is
// returned as an error and sent to nobody. ctx bounds handing the event to
// the Broker (the in-process one never waits).
func (h *Hub) Publish(ctx context.Context, room string, ev wire.Event) error {
	if _, err := wire.Encode(ev); err != nil {
		return fmt.Errorf("server: publish to room %q: %w", room, err)
	}
	if err := h.brokerOf().Publish(ctx, room, ev); err != nil {
		return fmt.Errorf("server: publish to room %q: %w", room, err)
	}
	return nil
}

// Len returns the number of this Hub's streams in room.
func (h *Hub) Len(room string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r := h.rooms[room]; r != nil {
		return len(r.seats)
	}
	return 0
}

// deliver queues an event of r, from the broker, for every stream in r.
func (h *Hub) deliver(r *room, ev wire.Event) {
	// Encoded at most twice, on first need: with the position for the
	// streams that read it, without for the others.
	var positioned, plain []byte
	encode := func(m *member) []byte {
		var err error
		switch {
		case m.positioned && positioned == nil:
			positioned, err = wire.Encode(ev)
		case !m.positioned && plain == nil:
			plain, err = wire.Encode(ev.WithPosition("", wire.Position{}))
		}
		if err != nil {
			return nil
		}
		if m.positioned {
			return positioned
		}
		return plain
	}
	size := h.queueSize()
	h.mu.Lock()
	defer h.mu.Unlock()
	for m, st := range r.seats {
		if !st.fresh(ev.Pos) {
			continue
		}
		b := encode(m)
		if b == nil {
			// A broker handed over an event that does not encode; there
			// is nothing to send.
			return
		}
		if st.recovering {
			if len(st.pending) >= size {
				h.dropLocked(m)
				continue
			}
			st.pending = append(st.pending, pending{ev.Pos, b})
			continue
		}
		if !m.push(b, false, size) {
			h.dropLocked(m)
			continue
		}
		st.sent(ev.Pos)
	}
}

// drain sends m's queued events in order until m is removed. A failed send
// has ended the stream, which removes m.
func (h *Hub) drain(m *member) {
	for {
		select {
		case <-m.gone:
			return
		case <-m.wake:
		}
		for {
			b, ok := m.pop()
			if !ok {
				break
			}
			select {
			case <-m.gone:
				// Removed while this event waited: it is dropped with
				// the rest of the queue.
				return
			default:
			}
			if err := m.s.write(m.s.ctx, b); err != nil {
				h.remove(m)
				return
			}
		}
	}
}

// memberLocked returns s's member, making it and starting its drain on
// first use.
func (h *Hub) memberLocked(s *Stream) *member {
	if m := h.members[s]; m != nil {
		return m
	}
	m := &member{
		s:          s,
		positioned: s.v1 || s.since != nil,
		rooms:      make(map[string]*room),
		wake:       make(chan struct{}, 1),
		gone:       make(chan struct{}),
	}
	h.members[s] = m
	m.stopWatch = context.AfterFunc(s.ctx, func() { h.remove(m) })
	go h.drain(m)
	return m
}

// dropLocked removes a member that fell behind and closes its stream with
// 4000, without waiting for the close handshake, which can take seconds
// with a clogged socket.
func (h *Hub) dropLocked(m *member) {
	if h.members[m.s] != m {
		return
	}
	h.removeLocked(m)
	go m.s.CloseWith(wire.CloseSlowReader, QueueFullReason)
}

func (h *Hub) remove(m *member) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(m)
}

// removeLocked takes m out of the Hub and all its rooms, once.
func (h *Hub) removeLocked(m *member) {
	if h.members[m.s] != m {
		return
	}
	delete(h.members, m.s)
	for _, r := range m.rooms {
		delete(r.seats, m)
		h.retireLocked(r)
	}
	m.rooms = nil
	m.stopWatch()
	close(m.gone)
}

// leaveLocked takes m out of r, and out of the Hub when r was its last
// room.
func (h *Hub) leaveLocked(r *room, m *member) {
	if len(m.rooms) == 1 {
		h.removeLocked(m)
		return
	}
	delete(m.rooms, r.name)
	delete(r.seats, m)
	h.retireLocked(r)
}

// retireLocked ends r's subscription once r has neither streams nor
// joiners. The broker is not called under h.mu: it may be delivering to
// this Hub right now.
func (h *Hub) retireLocked(r *room) {
	if len(r.seats) > 0 || r.joining > 0 {
		return
	}
	if h.rooms[r.name] == r {
		delete(h.rooms, r.name)
	}
	if r.unsubscribe != nil {
		go r.unsubscribe()
		r.unsubscribe = nil
	}
}

func (h *Hub) queueSize() int {
	if h.QueueSize <= 0 {
		return DefaultQueueSize
	}
	return h.QueueSize
}

func (h *Hub) brokerOf() Broker {
	h.brokerOnce.Do(func() {
		h.broker = h.Broker
		if h.broker == nil {
			h.broker = &MemoryBroker{Size: h.HistorySize, Age: h.HistoryAge}
		}
	})
	return h.broker
}
