//go:build js && wasm

package dom

import (
	"strconv"
	"strings"
	"testing"
)

// jsString gives the same JavaScript string for the same short Go string,
// does not keep long ones, and never holds more than jsStringsMax.
func TestJSStringInternsShortStringsWithinABound(t *testing.T) {
	clear(jsStrings)
	a, b := jsString("s-bind"), jsString("s-bind")
	if !a.Equal(b) || a.String() != "s-bind" {
		t.Fatalf("jsString(s-bind) twice = %v, %v; want one string s-bind", a, b)
	}
	long := strings.Repeat("x", jsStringMaxLen+1)
	if v := jsString(long); v.String() != long {
		t.Fatalf("jsString of a long string = %q", v.String())
	}
	if _, kept := jsStrings[long]; kept {
		t.Error("a string longer than jsStringMaxLen was cached")
	}
	for i := range 3 * jsStringsMax {
		s := "key " + strconv.Itoa(i)
		if v := jsString(s); v.String() != s {
			t.Fatalf("jsString(%q) = %q", s, v.String())
		}
		if len(jsStrings) > jsStringsMax {
			t.Fatalf("cache holds %d strings, bound is %d", len(jsStrings), jsStringsMax)
		}
	}
}
