//go:build js && wasm

package dom

import (
	"strings"
	"syscall/js"
	"testing"
)

// TestPageNavigationURL runs the navigation policy on the browser's own
// URL parser, as Navigate does.
func TestPageNavigationURL(t *testing.T) {
	loc := js.Global().Get("location")
	origin := loc.Get("origin").String()
	tests := []struct {
		path string
		want string // "" means refused
	}{
		{"/dashboard", origin + "/dashboard"},
		{"/search?q=a b#top", origin + "/search?q=a%20b#top"},
		{"  /trimmed\n", origin + "/trimmed"},
		{"/a/../b", origin + "/b"},
		{origin + "/x", origin + "/x"},

		{"", ""},
		{"javascript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:text/html,x", ""},
		{"//evil.example.com/x", ""},
		{"/\\evil.example.com/x", ""},
		{"https://evil.example.com/", ""},
		{loc.Get("protocol").String() + "//user:pw@" + loc.Get("host").String() + "/", ""},
		{"http://[::1", ""},
	}
	for _, tt := range tests {
		u, err := pageNavigationURL(tt.path)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("pageNavigationURL(%q) = %s, want refusal", tt.path, u.Href)
		case tt.want != "" && err != nil:
			t.Errorf("pageNavigationURL(%q): %v, want %s", tt.path, err, tt.want)
		case tt.want != "" && u.Href != tt.want:
			t.Errorf("pageNavigationURL(%q) = %s, want %s", tt.path, u.Href, tt.want)
		}
	}
}

// A navigation's response goes into its target: JSON is patched in,
// anything else swapped in as markup, and JSON that does not parse is an
// error that leaves the target as it was.
func TestNavigationSwapPatchesJSONAndSwapsMarkup(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		wantErr                 bool
		wantHTML                string
	}{
		{"JSON is patched", "application/json; charset=utf-8", `{"title":"Inbox"}`, false, `<h1 s-bind="title">Inbox</h1>`},
		{"a +json type is JSON", "application/problem+json", `{"title":"Oops"}`, false, `<h1 s-bind="title">Oops</h1>`},
		{"broken JSON is an error", "application/json", `{"title":`, true, `<h1 s-bind="title">old</h1>`},
		{"markup is swapped in", "text/html", `<p>new</p>`, false, `<p>new</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := fixture(t, `<h1 s-bind="title">old</h1>`)
			nav := &navigation{request: &request{}, swapTarget: target}
			content, isJSON, err := nav.content(&response{text: tt.body, contentType: tt.contentType})
			if err == nil {
				err = nav.swap(content, isJSON)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("apply: error %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "not valid JSON") {
				t.Errorf("error %q does not say the JSON is invalid", err)
			}
			if got := target.Get("innerHTML").String(); got != tt.wantHTML {
				t.Errorf("target holds %s, want %s", got, tt.wantHTML)
			}
		})
	}
}
