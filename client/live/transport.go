package live

// Transport opens sockets. In the browser it is the page's WebSocket (see
// websocket_js.go); natively the tests run the same Hub over
// github.com/coder/websocket against the real server.
//
// Neither Open nor any Socket method may call the Handler synchronously:
// the Hub calls them while holding its lock.
type Transport interface {
	Open(url string, h Handler) Socket
}

// Socket is one open or opening connection.
type Socket interface {
	// Send writes one text frame. It is only called after Opened.
	Send(text string) error
	// Close starts a clean close. The Hub ignores whatever the socket
	// reports after it, so a transport may report nothing more.
	Close(code int, reason string)
}

// Handler receives what happens on a socket, in order. A transport calls
// Closed exactly once, also when the socket never opened.
type Handler interface {
	Opened()
	Message(text string, binary bool)
	Closed(code int, reason string)
}
