package server

import (
	"context"
	"fmt"
	"net"
	"sync"

	"github.com/silcrow/silcrow/wire"
)

// Broadcaster delivers events to every stream joined to a room. [Hub] is the
// in-process implementation. A deployment with several server instances
// implements Broadcaster over a message broker such as NATS, keeping a Hub
// per instance for its own streams: Join joins the local Hub and subscribes
// to the room's subject, Publish publishes the event's wire JSON to the
// subject, and the subscription decodes each message and publishes it to
// the local Hub.
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

// Hub is an in-process [Broadcaster]: a set of named rooms of streams. The
// zero value is ready to use; a Hub must not be copied after first use.
//
// Each joined stream gets a send queue of QueueSize events, drained by its
// own goroutine, so Publish never waits for a client and a slow client
// never delays the others. A stream whose queue is full when an event is
// published has fallen too far behind to catch up: it is removed from all
// its rooms and closed with status 4000 (wire.CloseSlowReader) and reason
// "send queue full", a code that tells the client to reconnect: its
// reconnect brings it back with fresh state. (When its socket is so clogged that the close frame cannot be
// written within a few seconds, the connection is dropped instead.)
//
// A stream is in a room until it leaves or ends. Leaving the last room
// drops the events still queued for it.
type Hub struct {
	// QueueSize is the number of events queued per stream; zero or less
	// means DefaultQueueSize.
	QueueSize int

	mu      sync.Mutex
	rooms   map[string]map[*Stream]*member
	members map[*Stream]*member
}

// member is one stream's place in a Hub: its queue and its rooms.
type member struct {
	s     *Stream
	queue chan []byte
	rooms map[string]struct{}
	// gone is closed when the member is removed; its drain goroutine exits.
	gone chan struct{}
	// stopWatch cancels the removal scheduled for the stream's end.
	stopWatch func() bool
}

// Join adds s to room. It fails when s has already ended.
func (h *Hub) Join(room string, s *Stream) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.ending() {
		return fmt.Errorf("server: join room %q: %w", room, net.ErrClosed)
	}
	if h.members == nil {
		h.members = make(map[*Stream]*member)
		h.rooms = make(map[string]map[*Stream]*member)
	}
	m := h.members[s]
	if m == nil {
		size := h.QueueSize
		if size <= 0 {
			size = DefaultQueueSize
		}
		m = &member{
			s:     s,
			queue: make(chan []byte, size),
			rooms: make(map[string]struct{}),
			gone:  make(chan struct{}),
		}
		h.members[s] = m
		m.stopWatch = context.AfterFunc(s.ctx, func() { h.remove(m) })
		go h.drain(m)
	}
	m.rooms[room] = struct{}{}
	if h.rooms[room] == nil {
		h.rooms[room] = make(map[*Stream]*member)
	}
	h.rooms[room][s] = m
	return nil
}

// Leave removes s from room; a stream that leaves its last room leaves the
// Hub and its queued events are dropped.
func (h *Hub) Leave(room string, s *Stream) {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.members[s]
	if m == nil {
		return
	}
	if _, in := m.rooms[room]; !in {
		return
	}
	if len(m.rooms) == 1 {
		h.removeLocked(m)
		return
	}
	delete(m.rooms, room)
	h.leaveRoomLocked(room, s)
}

// Publish encodes ev once and queues it for every stream in room. It never
// blocks on a client; streams whose queue is full are dropped as described
// on [Hub]. An event that does not encode is returned as an error and sent
// to nobody. Publishing to an empty room does nothing. ctx is not used: the
// Hub hands events to nobody who could keep it waiting.
func (h *Hub) Publish(_ context.Context, room string, ev wire.Event) error {
	b, err := wire.Encode(ev)
	if err != nil {
		return fmt.Errorf("server: publish to room %q: %w", room, err)
	}
	var behind []*Stream
	h.mu.Lock()
	for s, m := range h.rooms[room] {
		select {
		case m.queue <- b:
		default:
			behind = append(behind, s)
			h.removeLocked(m)
		}
	}
	h.mu.Unlock()
	for _, s := range behind {
		// The close handshake can take seconds with a clogged socket;
		// Publish does not wait for it.
		go s.CloseWith(wire.CloseSlowReader, QueueFullReason)
	}
	return nil
}

// Len returns the number of streams in room.
func (h *Hub) Len(room string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rooms[room])
}

// drain sends m's queued events in order until m is removed. A failed send
// has ended the stream, which removes m.
func (h *Hub) drain(m *member) {
	for {
		select {
		case <-m.gone:
			return
		case b := <-m.queue:
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
	for room := range m.rooms {
		h.leaveRoomLocked(room, m.s)
	}
	m.stopWatch()
	close(m.gone)
}

func (h *Hub) leaveRoomLocked(room string, s *Stream) {
	delete(h.rooms[room], s)
	if len(h.rooms[room]) == 0 {
		delete(h.rooms, room)
	}
}
