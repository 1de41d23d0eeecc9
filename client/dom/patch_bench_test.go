package dom

import (
	"strconv"
	"testing"
)

// BenchmarkScalarPatchNative is the engine's own work, on the fake DOM,
// for one message of S2: five bindings (a text, a nested text, an input's
// value, a button's disabled property, a data attribute) that all
// change.
func BenchmarkScalarPatchNative(b *testing.B) {
	root := elem("DIV").with(
		bound("P", "count"), bound("B", "user.name"), bound("INPUT", "input:value"),
		bound("BUTTON", "busy:disabled"), bound("I", "state:data-state"))
	engine := engineFor(newFakeDOM())
	msgs := make([][]byte, 2)
	for i := range msgs {
		n := strconv.Itoa(i)
		msgs[i] = []byte(`{"count":` + n + `,"user":{"name":"user ` + n + `"},"input":"typed ` + n + `","busy":` + strconv.FormatBool(i == 0) + `,"state":"s` + n + `"}`)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		engine.patch(root, msgs[i&1], PatchOptions{})
	}
}
