package wire

import "github.com/silcrow/silcrow/wire/frame"

// Subprotocol is the WebSocket subprotocol a Silcrow client offers; a
// server that picks it answers heartbeats and can recover missed events
// (see [frame.ControlType] for its control frames).
const Subprotocol = frame.Subprotocol

// Position is where an event stands in its room's history; see
// [frame.Position].
type Position = frame.Position

// Control is a control frame of Subprotocol; see [frame.Control].
type Control = frame.Control
