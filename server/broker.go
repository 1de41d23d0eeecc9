package server

import (
	"context"
	"fmt"

	"github.com/silcrow/silcrow/wire"
)

// Broker carries the events published to rooms to every [Hub] that has
// streams in them, gives each event its position in its room's history,
// and keeps that history for the streams that come back after missing
// some. [MemoryBroker] is the in-process one a Hub uses by default; a
// deployment of several server instances gives each instance's Hub a
// Broker over a shared message system, such as the one in package
// server/natsbroker, so that every instance sees every event of a room in
// the same order with the same positions.
//
// Positions increase strictly within an epoch of a room's history; they
// need not be contiguous, so a broker may use a sequence shared by all its
// rooms.
type Broker interface {
	// Publish appends ev to room's history at the room's next position and
	// delivers it to every subscription of room, on every Hub. It returns
	// once the history holds the event; ctx bounds that wait.
	Publish(ctx context.Context, room string, ev wire.Event) error

	// Subscribe calls deliver with each event appended to room from now
	// on, with Room and Pos set, in the order of their positions and one
	// call at a time, until unsubscribe is called. Events appended shortly
	// before Subscribe may be delivered too. deliver must return quickly
	// (a Hub only queues the event) and must not call unsubscribe.
	Subscribe(room string, deliver func(wire.Event)) (unsubscribe func(), err error)

	// History returns the events of room after since, oldest first, with
	// Room and Pos set. When it cannot return every one of them (since is
	// of another epoch or beyond the room's last event, or events after it
	// have left the history), it returns a *GapError that describes the
	// history as it is.
	History(ctx context.Context, room string, since wire.Position) ([]wire.Event, error)
}

// GapError is a [Broker.History] that cannot replay what a client missed.
// A Hub sends it to the client as a gap control frame, so that the loss
// is never silent: the client knows to reload what the room shows.
type GapError struct {
	// Room is the room asked about and Since the position asked after.
	Room  string
	Since wire.Position
	// Epoch is the room's current epoch, and First and Last the offsets
	// of the oldest and newest event its history holds (both 0 when it
	// holds none).
	Epoch       string
	First, Last uint64
}

// Error says what was asked and what the history holds.
func (e *GapError) Error() string {
	return fmt.Sprintf("server: room %q has lost events after %q:%d (its history holds %d..%d of epoch %q)",
		e.Room, e.Since.Epoch, e.Since.Offset, e.First, e.Last, e.Epoch)
}
