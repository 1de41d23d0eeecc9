package reconnect

import (
	"testing"

	"github.com/silcrow/silcrow/client/internal/clock"
)

func TestNominalScheduleDoublesFromOneSecondToThirty(t *testing.T) {
	var b Backoff
	want := []clock.Duration{1, 2, 4, 8, 16, 30, 30, 30}
	for i, w := range want {
		if got := b.Nominal(); got != w*clock.Second {
			t.Fatalf("attempt %d: nominal %v, want %v", i, got, w*clock.Second)
		}
		b.Next()
	}
}

func TestNoJitterGivesTheNominalSchedule(t *testing.T) {
	b := Backoff{Jitter: -1}
	for _, w := range []clock.Duration{1, 2, 4, 8, 16, 30} {
		if got := b.Next(); got != w*clock.Second {
			t.Fatalf("got %v, want %v", got, w*clock.Second)
		}
	}
}

func TestJitterStaysWithinHalfOfNominal(t *testing.T) {
	for _, u := range []float64{0, 0.25, 0.999999} {
		b := Backoff{Rand: func() float64 { return u }}
		for i := 0; i < 10; i++ {
			nominal := b.Nominal()
			d := b.Next()
			if d > nominal || d <= nominal/2 {
				t.Fatalf("u=%v attempt %d: delay %v outside (%v, %v]", u, i, d, nominal/2, nominal)
			}
		}
	}
}

func TestJitterSpreadsClientsDroppedTogether(t *testing.T) {
	seen := map[clock.Duration]bool{}
	for i := 0; i < 1000; i++ {
		var b Backoff
		seen[b.Next()] = true
	}
	if len(seen) < 900 {
		t.Fatalf("1000 clients got only %d distinct first delays", len(seen))
	}
}

func TestResetStartsAgainAtBase(t *testing.T) {
	b := Backoff{Jitter: -1}
	for i := 0; i < 7; i++ {
		b.Next()
	}
	b.Reset()
	if b.Attempt() != 0 {
		t.Fatalf("attempt after reset = %d", b.Attempt())
	}
	if got := b.Next(); got != clock.Second {
		t.Fatalf("first delay after reset = %v, want 1s", got)
	}
}

func TestCustomBaseAndCap(t *testing.T) {
	b := Backoff{Base: 100 * clock.Millisecond, Max: 250 * clock.Millisecond, Jitter: -1}
	want := []clock.Duration{100, 200, 250, 250}
	for _, w := range want {
		if got := b.Next(); got != w*clock.Millisecond {
			t.Fatalf("got %v, want %v", got, w*clock.Millisecond)
		}
	}
}

func TestScheduleNeverOverflowsAfterManyAttempts(t *testing.T) {
	b := Backoff{Jitter: -1}
	for i := 0; i < 10000; i++ {
		if d := b.Next(); d <= 0 || d > DefaultMax {
			t.Fatalf("attempt %d: delay %v", i, d)
		}
	}
}
