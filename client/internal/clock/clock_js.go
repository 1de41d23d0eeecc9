//go:build js && wasm

package clock

import "github.com/silcrow/silcrow/client/internal/bridge"

// Now reads the page's monotonic clock, performance.now().
func Now() Time { return Time(bridge.Now() * float64(Millisecond)) }

// AfterFunc calls f once d has passed, from a setTimeout task of the page,
// inside a bridge turn; a panic in f is a debug warning. stop cancels the
// call; it reports whether it did, false when f has run or is running.
func AfterFunc(d Duration, f func()) (stop func() bool) {
	return bridge.AfterFunc(float64(d)/float64(Millisecond), f)
}
