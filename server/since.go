package server

import "github.com/silcrow/silcrow/wire"

// Since returns the last position in room the client had seen before this
// connection, as its hello said: a client that speaks [wire.Subprotocol]
// offers it on every reconnect, so that a [Hub] can replay what it missed.
// ok is false for a room the client did not name, and for every room of a
// client without the subprotocol.
func (s *Stream) Since(room string) (pos wire.Position, ok bool) {
	pos, ok = s.since[room]
	return pos, ok
}

// Subprotocol returns the WebSocket subprotocol the handshake picked:
// [wire.Subprotocol] for a Silcrow client, "" for a client that offered
// none the server speaks.
func (s *Stream) Subprotocol() string { return s.conn.Subprotocol() }
