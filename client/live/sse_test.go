package live

import (
	"errors"
	"testing"
)

var feed = Endpoint{SSE, "http://example.com/feed"}

// openSSE returns a harness with root a subscribed to feed, open.
func openSSE(t *testing.T, roots ...*fakeRoot) (*harness, *fakeSocket) {
	a := &fakeRoot{name: "a", connected: true}
	h := newHarness(append(roots, a)...)
	h.hub.Subscribe(a, feed)
	s := h.tr.last()
	s.h.Opened("")
	h.page.take()
	return h, s
}

func TestSSEEventsActAsTheirWebSocketTwins(t *testing.T) {
	stats := &fakeRoot{name: "stats", connected: true}
	h, s := openSSE(t, stats)
	s.h.SSE("message", "", `{"count":1}`)
	s.h.SSE("message", "", `{"target":"#stats","data":{"count":2}}`)
	s.h.SSE("patch", "", `{"target":"","data":{"target":"not an envelope"}}`)
	s.h.SSE("html", "", `{"target":"#stats","html":"<b>3</b>"}`)
	s.h.SSE("invalidate", "", ``)
	s.h.SSE("navigate", "", " /next\n")
	s.h.SSE("custom", "", `{"event":"tick","data":4}`)
	expectLog(t, h.page.take(),
		`patch a {"count":1}`,
		`patch stats {"count":2}`,
		`patch a {"target":"not an envelope"}`,
		`html stats <b>3</b>`,
		`invalidate a`,
		`navigate /next`,
		`event silcrow:ws:tick {"data":4,"url":"http://example.com/feed"}`,
	)
}

func TestBadSSEEventIsDroppedWithAWarning(t *testing.T) {
	h, s := openSSE(t)
	s.h.SSE("message", "", `{"count":`)
	s.h.SSE("patch", "", `{"target":"#a"}`)
	s.h.SSE("message", "", `{"count":5}`)
	log := h.page.take()
	if len(log) != 3 || log[2] != `patch a {"count":5}` {
		t.Fatalf("page saw %q; want two warnings, then the good event applied", log)
	}
	for _, l := range log[:2] {
		if len(l) < 5 || l[:5] != "warn " {
			t.Errorf("%q is not a warning", l)
		}
	}
}

// A new EventSource cannot send Last-Event-ID: the reconnect asks for the
// events after the last id seen in the query instead.
func TestSSEReconnectAsksForEventsAfterTheLastID(t *testing.T) {
	h, s := openSSE(t)
	s.h.SSE("message", "41", `{"n":41}`)
	s.h.SSE("message", "a b&c", `{"n":42}`)
	s.h.Closed(1006, "EventSource error")
	h.timers.fire()
	if got, want := h.tr.last().url, "http://example.com/feed?lastEventID=a%20b%26c"; got != want {
		t.Fatalf("reconnected to %s, want %s", got, want)
	}
	if got := h.tr.sockets[0].url; got != feed.URL {
		t.Errorf("first connection to %s, want %s", got, feed.URL)
	}
}

func TestWithQueryKeepsTheQuery(t *testing.T) {
	if got, want := withQuery("http://h/feed?room=1", "lastEventID", "7"), "http://h/feed?room=1&lastEventID=7"; got != want {
		t.Fatalf("withQuery = %s, want %s", got, want)
	}
}

func TestSSECannotSend(t *testing.T) {
	h, _ := openSSE(t)
	a := h.hub.Connections()[0].Subscribers[0]
	if err := h.hub.Send(a, "hi"); !errors.Is(err, ErrReceiveOnly) {
		t.Fatalf("Send on SSE = %v, want ErrReceiveOnly", err)
	}
	expectLog(t, h.page.take(), `event silcrow:live:send-dropped {"message":"hi","protocol":"sse","reason":"`+ErrReceiveOnly.Error()+`","url":"http://example.com/feed"}`)
}
