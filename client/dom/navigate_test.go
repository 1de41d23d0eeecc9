package dom

import "testing"

func TestNavigationURL(t *testing.T) {
	const page = "https://app.example.com/list?page=2#top"
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
		{"HTTPS://APP.example.com/x", "https://APP.example.com/x"},
		{"https://app.example.com:443/x", "https://app.example.com:443/x"},
		{"//app.example.com/x", "https://app.example.com/x"},
		{"/a%20b", "https://app.example.com/a%20b"},

		{"", ""},
		{"https://evil.example.com/", ""},
		{"//evil.example.com/x", ""},
		{"http://app.example.com/x", ""},
		{"https://app.example.com:8443/x", ""},
		{"https://user@evil.example.com/", ""},
		{"https://user:pw@app.example.com/", ""},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{"data:text/html,<p>x</p>", ""},
		{"file:///etc/passwd", ""},
		{"mailto:a@example.com", ""},
		{"ws://app.example.com/ws", ""},
		{"/\t/evil.example.com", ""},
		{"https://app.example.com/%zz", ""},
	}
	for _, tt := range tests {
		u, err := navigationURL(page, tt.path)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("navigationURL(%q) = %s, want refusal", tt.path, u)
		case tt.want != "" && err != nil:
			t.Errorf("navigationURL(%q): %v, want %s", tt.path, err, tt.want)
		case tt.want != "" && u.String() != tt.want:
			t.Errorf("navigationURL(%q) = %s, want %s", tt.path, u, tt.want)
		}
	}
}

func TestNavigationURLDefaultPort(t *testing.T) {
	u, err := navigationURL("http://localhost/", "http://localhost:80/a")
	if err != nil || u.String() != "http://localhost:80/a" {
		t.Errorf("navigationURL with the default port written out = %v, %v; want it allowed", u, err)
	}
	if _, err := navigationURL("http://localhost:8080/", "/a"); err != nil {
		t.Errorf("navigationURL on a page with a port: %v", err)
	}
	if _, err := navigationURL("http://localhost:8080/", "http://localhost/a"); err == nil {
		t.Error("navigationURL from port 8080 to port 80 allowed, want refusal")
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
		{"back to the first page", "/b", "/", unmarkedEntry, true},
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
