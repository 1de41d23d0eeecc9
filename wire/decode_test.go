package wire_test

import (
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// frameOfSize returns a valid custom frame exactly n bytes long.
func frameOfSize(t testing.TB, n int) []byte {
	t.Helper()
	const prefix, suffix = `{"type":"custom","event":"pad","data":"`, `"}`
	pad := n - len(prefix) - len(suffix)
	if pad < 0 {
		t.Fatalf("no frame of %d bytes", n)
	}
	return []byte(prefix + strings.Repeat("x", pad) + suffix)
}

func TestDecodeUsesDefaultMaxSize(t *testing.T) {
	if _, err := wire.Decode(frameOfSize(t, wire.DefaultMaxSize)); err != nil {
		t.Errorf("Decode of a frame of DefaultMaxSize bytes: %v", err)
	}
	over := frameOfSize(t, wire.DefaultMaxSize+1)
	_, err := wire.Decode(over)
	conformance.CheckDecodeError(t, err, wire.ErrTooLarge, "")
	if _, err := wire.DecodeLimit(over, 0); err != nil {
		t.Errorf("DecodeLimit without a limit: %v", err)
	}
	_, err = wire.DecodeLimit(frameOfSize(t, 101), 100)
	conformance.CheckDecodeError(t, err, wire.ErrTooLarge, "")
}
