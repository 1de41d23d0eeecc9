// Package clock is the runtime's time: durations, a monotonic reading of
// the clock, and timers.
//
// silcrow.wasm does not import package time, directly or through a
// dependency: time's initialization links Go's GODEBUG settings and the
// runtime's metrics, some 52 KB of gzipped wasm (about 5% of it) that the
// runtime never runs. Natively the clock is package time; in the browser
// it is the page's own (performance.now and setTimeout, through the
// bridge).
package clock

// Duration is a span of time in nanoseconds, as time.Duration is.
type Duration int64

// Common durations.
const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
)

// Milliseconds returns d as a whole number of milliseconds, rounded
// towards zero.
func (d Duration) Milliseconds() int64 { return int64(d / Millisecond) }

// Time is a reading of the monotonic clock: nanoseconds since an origin
// of its own, so readings are only compared with each other.
type Time int64

// Sub returns t-u.
func (t Time) Sub(u Time) Duration { return Duration(t - u) }
