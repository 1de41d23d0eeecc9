package live

import (
	"reflect"
	"testing"
)

func TestConnectionsListEverySocketWithItsState(t *testing.T) {
	a, b, c := &fakeRoot{name: "a", connected: true}, &fakeRoot{name: "b", connected: true}, &fakeRoot{name: "c", connected: true}
	h := newHarness(a, b, c)
	feed := Endpoint{SSE, "http://example.com/feed"}
	h.hub.Subscribe(a, chat)
	h.hub.Subscribe(b, chat)
	h.hub.Subscribe(c, feed)
	h.hub.Send(a, "one")
	h.hub.Send(a, "two")
	chatSock := h.tr.sockets[0]

	want := []Connection{
		{URL: feed.URL, Protocol: SSE, State: StateConnecting, Subscribers: []Root{c}},
		{URL: chat.URL, Protocol: WebSocket, State: StateConnecting, Subscribers: []Root{a, b}, Queued: 2},
	}
	if got := h.hub.Connections(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Connections() while opening =\n%+v\nwant\n%+v", got, want)
	}

	chatSock.h.Opened("")
	chatSock.h.Closed(1006, "")
	want[1].State, want[1].Queued, want[1].Attempt = StateConnecting, 0, 1
	if got := h.hub.Connections()[1]; !reflect.DeepEqual(got, want[1]) {
		t.Fatalf("after a drop: %+v, want %+v", got, want[1])
	}

	h.hub.Disconnect(a)
	want[1].State, want[1].Paused = StateClosed, true
	if got := h.hub.Connections()[1]; !reflect.DeepEqual(got, want[1]) {
		t.Fatalf("after Disconnect: %+v, want %+v", got, want[1])
	}
}

func TestConnectionJSON(t *testing.T) {
	c := Connection{URL: `ws://h/a"b`, Protocol: WebSocket, State: StateOpen, Queued: 3, Attempt: 2, Paused: true}
	want := `{"url":"ws://h/a\"b","protocol":"ws","state":"open","queued":3,"attempt":2,"paused":true}`
	if got := string(c.AppendJSON(nil)); got != want {
		t.Fatalf("AppendJSON = %s, want %s", got, want)
	}
}
