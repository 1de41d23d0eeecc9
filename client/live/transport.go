package live

// Transport opens sockets. In the browser it is the page's WebSocket or
// EventSource (see websocket_js.go); natively the tests run the same Hub
// over github.com/coder/websocket against the real server.
//
// Neither Open nor any Socket method may call the Handler synchronously:
// the Hub calls them while holding its lock.
type Transport interface {
	// Open opens url, offering the WebSocket subprotocols protocols (a
	// transport without subprotocols ignores them).
	Open(url string, protocols []string, h Handler) Socket
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
	// Opened reports the open socket and the subprotocol the server
	// picked, "" for none.
	Opened(protocol string)
	// Message is a WebSocket frame.
	Message(text string, binary bool)
	// SSE is an event of an EventSource: its type ("message" when it has
	// no name), its id (the last one seen when it has none) and its data.
	SSE(name, id, data string)
	Closed(code int, reason string)
}
