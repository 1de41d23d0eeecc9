package wire

import "github.com/silcrow/silcrow/wire/frame"

// WebSocket close codes, shared by the server package and the client. A
// close is either a pause, after which the client reconnects with
// backoff, or a refusal, after which it stays closed until the page calls
// Silcrow.reconnect. The table is [frame.CloseReconnects]'s.
const (
	CloseNormal     = frame.CloseNormal
	CloseGoingAway  = frame.CloseGoingAway
	CloseAbnormal   = frame.CloseAbnormal
	ClosePolicy     = frame.ClosePolicy
	CloseInternal   = frame.CloseInternal
	CloseRestart    = frame.CloseRestart
	CloseTryAgain   = frame.CloseTryAgain
	CloseSlowReader = frame.CloseSlowReader
	CloseForbidden  = frame.CloseForbidden
)

// CloseReconnects reports whether a client reconnects after its socket
// closed with code.
func CloseReconnects(code int) bool { return frame.CloseReconnects(code) }
