// Package reconnect is the reconnection policy of live connections: an
// exponential backoff with jitter. It is pure Go and knows nothing of
// sockets or timers; client/live asks it how long to wait.
//
// The nominal schedule is 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s forever.
// Each delay handed out is jittered downwards:
//
//	nominal(n) = min(Base·2ⁿ, Max)
//	delay(n)   = nominal(n) · (1 − Jitter·u),  u uniform in [0, 1)
//
// With the default Jitter of 0.5 a delay lies in (nominal/2, nominal]. A
// thousand clients dropped by one server restart therefore spread their
// first attempt over half a second, their second over a second, and so on,
// instead of arriving together; and no delay ever exceeds the cap of 30 s,
// which is what a user watching a "reconnecting" banner cares about.
package reconnect

import (
	"math/rand/v2"

	"github.com/silcrow/silcrow/client/internal/clock"
)

// Defaults of the Silcrow schedule.
const (
	DefaultBase   = clock.Second
	DefaultMax    = 30 * clock.Second
	DefaultJitter = 0.5
)

// Backoff hands out reconnect delays. The zero value uses the defaults and
// a random source from math/rand/v2; it is not safe for concurrent use.
type Backoff struct {
	Base   clock.Duration // first delay; DefaultBase when zero
	Max    clock.Duration // cap on every delay; DefaultMax when zero
	Jitter float64        // fraction removed at most, in [0, 1]; DefaultJitter when zero, none when negative
	// Rand returns a float in [0, 1); nil means math/rand/v2.Float64.
	Rand func() float64

	attempt int
}

// Next returns the delay before the next attempt and advances the schedule.
func (b *Backoff) Next() clock.Duration {
	d := b.Nominal()
	b.attempt++
	j := b.Jitter
	if j == 0 {
		j = DefaultJitter
	}
	if j <= 0 {
		return d
	}
	if j > 1 {
		j = 1
	}
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	return d - clock.Duration(float64(d)*j*r())
}

// Nominal returns the unjittered delay Next would start from.
func (b *Backoff) Nominal() clock.Duration {
	base, max := b.Base, b.Max
	if base <= 0 {
		base = DefaultBase
	}
	if max <= 0 {
		max = DefaultMax
	}
	d := base
	for i := 0; i < b.attempt; i++ {
		if d >= max/2 {
			return max
		}
		d *= 2
	}
	return min(d, max)
}

// Attempt returns how many delays were handed out since the last Reset.
func (b *Backoff) Attempt() int { return b.attempt }

// Reset starts the schedule again at Base: after a successful open and on
// an explicit reconnect.
func (b *Backoff) Reset() { b.attempt = 0 }
