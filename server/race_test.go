//go:build race

package server_test

// raceEnabled says the race detector is on: the load tests keep under its
// limit of 8,128 live goroutines and within its slowness.
const raceEnabled = true
