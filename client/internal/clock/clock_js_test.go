//go:build js && wasm

package clock

import (
	"testing"
	"time"
)

// In the browser a timer runs from a task of the page: a panic in one is
// a debug warning, and the runtime and the other timers go on.
func TestATimerThatPanicsLeavesTheOthersRunning(t *testing.T) {
	ran := make(chan struct{}, 1)
	AfterFunc(Millisecond, func() { panic("boom") })
	AfterFunc(5*Millisecond, func() { ran <- struct{}{} })
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("the timer after a panicking one never ran")
	}
}
