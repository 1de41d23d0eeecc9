//go:build js && wasm

package jsstring

import (
	"strconv"
	"strings"
	"testing"
)

// Of gives the same JavaScript string for the same short Go string, does
// not keep long ones, and never holds more than maxKept.
func TestOfKeepsShortStringsWithinABound(t *testing.T) {
	clear(kept)
	a, b := Of("s-bind"), Of("s-bind")
	if !a.Equal(b) || a.String() != "s-bind" {
		t.Fatalf("Of(s-bind) twice = %v, %v; want one string s-bind", a, b)
	}
	long := strings.Repeat("x", maxLen+1)
	if v := Of(long); v.String() != long {
		t.Fatalf("Of(long string) = %q", v.String())
	}
	if _, ok := kept[long]; ok {
		t.Error("a string longer than maxLen was kept")
	}
	for i := range 3 * maxKept {
		s := "key " + strconv.Itoa(i)
		if v := Of(s); v.String() != s {
			t.Fatalf("Of(%q) = %q", s, v.String())
		}
		if len(kept) > maxKept {
			t.Fatalf("cache holds %d strings, bound is %d", len(kept), maxKept)
		}
	}
}
