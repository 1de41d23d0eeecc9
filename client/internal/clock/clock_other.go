//go:build !(js && wasm)

package clock

import "time"

var origin = time.Now()

// Now reads the monotonic clock.
func Now() Time { return Time(time.Since(origin)) }

// AfterFunc calls f on a goroutine of its own once d has passed. stop
// cancels the call; it reports whether it did, false when f has run or
// is running.
func AfterFunc(d Duration, f func()) (stop func() bool) {
	return time.AfterFunc(time.Duration(d), f).Stop
}
