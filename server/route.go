package server

// WsRoute is the path of a WebSocket endpoint, declared once as a constant
// and used both to mount the handler and to point pages at it, so the two
// cannot drift apart:
//
//	const ChatWS = server.WsRoute("/ws/chat")
//
//	mux.Handle(ChatWS.Path(), upgrader.Handler(chat))
//	server.HTML(page).WS(ChatWS) // tells the client runtime to connect
type WsRoute string

// Path returns the route's URL path.
func (r WsRoute) Path() string { return string(r) }
