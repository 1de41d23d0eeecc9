package dom

import (
	"errors"
	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/internal/bridge/urltest"
	"testing"
)

func TestNavigationURL(t *testing.T) {
	page, resolve := urltest.Resolver("https://app.example.com/list?page=2#top")
	tests := []struct {
		path string
		want string // "" means refused
	}{
		{"/dashboard", "https://app.example.com/dashboard"},
		{"/search?q=go&n=1", "https://app.example.com/search?q=go&n=1"},
		{"item/3", "https://app.example.com/item/3"},
		{"../up", "https://app.example.com/up"},
		{"?page=3", "https://app.example.com/list?page=3"},
		{"#details", "https://app.example.com/list?page=2#details"},
		{"https://app.example.com/x", "https://app.example.com/x"},
		{"HTTPS://APP.example.com/x", "https://app.example.com/x"},
		{"https://app.example.com:443/x", "https://app.example.com/x"},
		{"//app.example.com/x", "https://app.example.com/x"},
		{"/a%20b", "https://app.example.com/a%20b"},
		{"  /padded\n", "https://app.example.com/padded"},

		{"", ""},
		{"https://evil.example.com/", ""},
		{"//evil.example.com/x", ""},
		{"http://app.example.com/x", ""},
		{"https://app.example.com:8443/x", ""},
		{"https://user@evil.example.com/", ""},
		{"https://user@app.example.com/", ""},
		{"https://user:pw@app.example.com/", ""},
		{"https://:pw@app.example.com/", ""},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:text/html,<p>x</p>", ""},
		{"file:///etc/passwd", ""},
		{"mailto:a@example.com", ""},
		{"ws://app.example.com/ws", ""},
		{"/\t/evil.example.com", ""},
	}
	for _, tt := range tests {
		u, err := navigationURL(page, tt.path, resolve)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("navigationURL(%q) = %s, want refusal", tt.path, u.Href)
		case tt.want != "" && err != nil:
			t.Errorf("navigationURL(%q): %v, want %s", tt.path, err, tt.want)
		case tt.want != "" && u.Href != tt.want:
			t.Errorf("navigationURL(%q) = %s, want %s", tt.path, u.Href, tt.want)
		}
	}
}

func TestNavigationURLDefaultPort(t *testing.T) {
	page, resolve := urltest.Resolver("http://localhost/")
	u, err := navigationURL(page, "http://localhost:80/a", resolve)
	if err != nil || u.Href != "http://localhost/a" {
		t.Errorf("navigationURL with the default port written out = %q, %v; want it allowed", u.Href, err)
	}
	page, resolve = urltest.Resolver("http://localhost:8080/")
	if _, err := navigationURL(page, "/a", resolve); err != nil {
		t.Errorf("navigationURL on a page with a port: %v", err)
	}
	if _, err := navigationURL(page, "http://localhost/a", resolve); err == nil {
		t.Error("navigationURL from port 8080 to port 80 allowed, want refusal")
	}
}

func TestNavigationURLUnparsable(t *testing.T) {
	page, _ := urltest.Resolver("https://app.example.com/")
	refuse := func(string) (bridge.URL, error) { return bridge.URL{}, errors.New("TypeError: Invalid URL") }
	if u, err := navigationURL(page, "https://[::1", refuse); err == nil {
		t.Errorf("navigationURL of a reference the browser cannot parse = %q, want an error", u.Href)
	}
}

func TestSameOrigin(t *testing.T) {
	_, resolve := urltest.Resolver("https://app.example.com/")
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://app.example.com/a", "https://app.example.com/b?x#y", true},
		{"https://APP.example.com/", "https://app.example.com:443/", true},
		{"https://app.example.com/", "http://app.example.com/", false},
		{"https://app.example.com/", "https://app.example.com:8443/", false},
		{"https://app.example.com/", "https://example.com/", false},
		{"https://app.example.com/", "https://app.example.com.evil.test/", false},
	}
	for _, tt := range tests {
		a, errA := resolve(tt.a)
		b, errB := resolve(tt.b)
		if errA != nil || errB != nil {
			t.Fatalf("resolving %q, %q: %v, %v", tt.a, tt.b, errA, errB)
		}
		if got := sameOrigin(a, b); got != tt.want {
			t.Errorf("sameOrigin(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestIsJSONContentType(t *testing.T) {
	tests := []struct {
		contentType string
		want        bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON", true},
		{" application/json ;charset=utf-8", true},
		{"application/problem+json", true},
		{"application/vnd.api+json", true},
		{"text/html", false},
		{"text/html; charset=utf-8", false},
		{"text/json", false},
		{"application/jsonp", false},
		{"application/json-seq", false},
		{"text/plain+json", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isJSONContentType(tt.contentType); got != tt.want {
			t.Errorf("isJSONContentType(%q) = %v, want %v", tt.contentType, got, tt.want)
		}
	}
}

func TestPopstateNavigates(t *testing.T) {
	tests := []struct {
		name         string
		shown, now   string
		entry        historyEntry
		wantNavigate bool
	}{
		{"back to a pushed page", "/b", "/a", silcrowEntry, true},
		{"back to the first page", "/b", "/", silcrowEntry, true},
		{"an entry without state", "/b", "/a", unmarkedEntry, false},
		{"query changed", "/list?page=2", "/list?page=1", silcrowEntry, true},
		{"fragment link only", "/a", "/a", unmarkedEntry, false},
		{"same page pushed twice", "/a", "/a", silcrowEntry, false},
		{"another script's entry", "/b", "/a", foreignEntry, false},
	}
	for _, tt := range tests {
		if got := popstateNavigates(tt.shown, tt.now, tt.entry); got != tt.wantNavigate {
			t.Errorf("%s: popstateNavigates(%q, %q, %v) = %v, want %v", tt.name, tt.shown, tt.now, tt.entry, got, tt.wantNavigate)
		}
	}
}
