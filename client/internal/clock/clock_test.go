package clock

import (
	"testing"
	"time"
)

func TestDurationsAreTimes(t *testing.T) {
	if time.Duration(Minute+3*Second+7*Millisecond) != time.Minute+3*time.Second+7*time.Millisecond {
		t.Fatal("a clock.Duration is not the time.Duration of the same nanoseconds")
	}
	if got := (2500 * Microsecond).Milliseconds(); got != 2 {
		t.Fatalf("2.5 ms in whole milliseconds = %d; want 2", got)
	}
	if got := (-1500 * Microsecond).Milliseconds(); got != -1 {
		t.Fatalf("-1.5 ms in whole milliseconds = %d; want -1 (towards zero)", got)
	}
}

func TestNowIsMonotonic(t *testing.T) {
	a := Now()
	time.Sleep(2 * time.Millisecond)
	// The page's clock is coarsened to 100 µs, with jitter.
	if d := Now().Sub(a); d < Millisecond {
		t.Fatalf("2 ms of sleep measured %d ns", d)
	}
}

func TestAfterFuncRunsOnceAndStops(t *testing.T) {
	ran := make(chan struct{}, 2)
	AfterFunc(Millisecond, func() { ran <- struct{}{} })
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("the timer never ran")
	}
	stop := AfterFunc(2*Millisecond, func() { ran <- struct{}{} })
	if !stop() {
		t.Fatal("stopping a pending timer reported that it had run")
	}
	if stop() {
		t.Fatal("stopping a stopped timer reported that it stopped it")
	}
	time.Sleep(50 * time.Millisecond)
	select {
	case <-ran:
		t.Fatal("a stopped timer ran")
	default:
	}
}
