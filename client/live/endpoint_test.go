package live

import (
	"testing"

	"github.com/silcrow/silcrow/client/internal/bridge/urltest"
)

func TestParseEndpoint(t *testing.T) {
	page := "http://example.com:8080/chat/room?x=1#top"
	secure := "https://example.com/app/"
	tests := []struct {
		name, attr string
		page       string
		want       Endpoint
		wantErr    bool
	}{
		{"bare path as in the guide", "/ws/chat", page, Endpoint{WebSocket, "ws://example.com:8080/ws/chat"}, false},
		{"ws: prefix of Silcrow.js", "ws:/ws/chat", page, Endpoint{WebSocket, "ws://example.com:8080/ws/chat"}, false},
		{"relative path resolves against the page", "feed", page, Endpoint{WebSocket, "ws://example.com:8080/chat/feed"}, false},
		{"dot-dot resolves", "../ws", page, Endpoint{WebSocket, "ws://example.com:8080/ws"}, false},
		{"query kept, fragment dropped", "/ws?room=1#frag", page, Endpoint{WebSocket, "ws://example.com:8080/ws?room=1"}, false},
		{"absolute same-origin ws", "ws://example.com:8080/ws/chat", page, Endpoint{WebSocket, "ws://example.com:8080/ws/chat"}, false},
		{"host case and spaces normalised", "  ws://EXAMPLE.com:8080/ws/chat ", page, Endpoint{WebSocket, "ws://example.com:8080/ws/chat"}, false},
		{"https page gives wss", "/ws", secure, Endpoint{WebSocket, "wss://example.com/ws"}, false},
		{"default port dropped", "wss://example.com:443/ws", secure, Endpoint{WebSocket, "wss://example.com/ws"}, false},
		{"sse prefix", "sse:/events/feed", page, Endpoint{SSE, "http://example.com:8080/events/feed"}, false},
		{"http URL on the page origin becomes ws", "http://example.com:8080/ws", page, Endpoint{WebSocket, "ws://example.com:8080/ws"}, false},

		{"cross-origin host", "ws://evil.com/ws", page, Endpoint{}, true},
		{"cross-origin port", "ws://example.com:9090/ws", page, Endpoint{}, true},
		{"protocol-relative cross-origin", "//evil.com/ws", page, Endpoint{}, true},
		{"ws from an https page is mixed content", "ws://example.com/ws", secure, Endpoint{}, true},
		{"javascript scheme", "javascript:alert(1)", page, Endpoint{}, true},
		{"data scheme", "data:text/plain,x", page, Endpoint{}, true},
		{"file scheme", "file:///etc/passwd", page, Endpoint{}, true},
		{"sse with a ws URL", "sse:ws://example.com:8080/x", page, Endpoint{}, true},
		{"empty", "   ", page, Endpoint{}, true},
		{"ws: alone", "ws:", page, Endpoint{}, true},
		{"ws: and blanks", "WS:   ", page, Endpoint{}, true},
		{"sse: alone", "sse:", page, Endpoint{}, true},
		{"unparsable", "ws://[::1", page, Endpoint{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, resolve := urltest.Resolver(tt.page)
			got, err := ParseEndpoint(tt.attr, loc, resolve)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseEndpoint(%q) = %+v, want an error", tt.attr, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseEndpoint(%q): %v", tt.attr, err)
			}
			if got != tt.want {
				t.Fatalf("ParseEndpoint(%q) = %+v, want %+v", tt.attr, got, tt.want)
			}
		})
	}
}

func TestSpellingsOfOneURLShareAnEndpoint(t *testing.T) {
	loc, resolve := urltest.Resolver("http://example.com/")
	var seen []string
	for _, attr := range []string{"/ws/chat", "ws:/ws/chat", "ws://example.com/ws/chat", "ws://example.com:80/ws/chat", "ws://Example.COM/ws/chat#x"} {
		ep, err := ParseEndpoint(attr, loc, resolve)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, ep.URL)
	}
	for _, u := range seen {
		if u != seen[0] {
			t.Fatalf("spellings normalise differently: %q", seen)
		}
	}
}
