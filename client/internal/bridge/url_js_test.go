//go:build js && wasm

package bridge

import "testing"

// The parts are what the URL policies compare, the way the browser
// normalizes them.
func TestParseURLParts(t *testing.T) {
	u, err := ParseURL("HTTPS://User:Pw@Example.COM:443/p?q#f", "http://base.test/")
	if err != nil {
		t.Fatal(err)
	}
	want := URL{Href: "https://User:Pw@example.com/p?q#f", Protocol: "https:", Host: "example.com", Username: "User", Password: "Pw", Pathname: "/p", Search: "?q"}
	if u != want {
		t.Errorf("ParseURL = %+v, want %+v", u, want)
	}
	if _, err := ParseURL("http://[::1", "http://base.test/"); err == nil {
		t.Error("ParseURL of an unparsable URL succeeded, want an error")
	}
}
