package frame

// WebSocket close codes, as both ends use them. A close is either a
// pause, after which the client reconnects with backoff, or a refusal,
// after which it stays closed until the page asks again
// (Silcrow.reconnect, a new s-live element):
//
//	code        meaning                                  client
//	1000        normal closure                           reconnects
//	1001        going away (a server restarting)         reconnects
//	1005, 1006  no status, abnormal (network, handshake) reconnects
//	1011        internal error                           reconnects
//	1012, 1013  service restart, try again later         reconnects
//	1014        bad gateway                              reconnects
//	4000–4099   server asks the client to come back      reconnects
//	1002, 1003  protocol error, unsupported data         stays closed
//	1007, 1009  invalid data, message too big            stays closed
//	1008        policy violation                         stays closed
//	1010        missing extension                        stays closed
//	4400–4499   application refusals (4403 forbidden)    stays closed
//	any other   unknown                                  reconnects
//
// A handshake the server refuses (a foreign Origin answered with 403) is
// seen by the browser as 1006 and is retried with backoff, like a network
// failure: the page cannot tell the two apart.
const (
	CloseNormal       = 1000
	CloseGoingAway    = 1001
	CloseProtocol     = 1002
	CloseUnsupported  = 1003
	CloseNoStatus     = 1005
	CloseAbnormal     = 1006
	CloseInvalidData  = 1007
	ClosePolicy       = 1008
	CloseTooBig       = 1009
	CloseExtension    = 1010
	CloseInternal     = 1011
	CloseRestart      = 1012
	CloseTryAgain     = 1013
	CloseBadGateway   = 1014
	CloseSlowReader   = 4000 // the reader fell behind; come back with fresh state
	CloseForbidden    = 4403 // the application refuses this client
	closeRefusedFirst = 4400
	closeRefusedLast  = 4499
)

// CloseReconnects reports whether a client reconnects after its socket
// closed with code (see the table above).
func CloseReconnects(code int) bool {
	switch code {
	case CloseProtocol, CloseUnsupported, CloseInvalidData, ClosePolicy, CloseTooBig, CloseExtension:
		return false
	}
	return code < closeRefusedFirst || code > closeRefusedLast
}
