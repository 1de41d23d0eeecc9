package wire_test

import (
	"testing"

	"github.com/silcrow/silcrow/wire"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

func TestDecodeUsesDefaultMaxSize(t *testing.T) {
	if _, err := wire.Decode(conformance.FrameOfSize(t, wire.DefaultMaxSize)); err != nil {
		t.Errorf("Decode of a frame of DefaultMaxSize bytes: %v", err)
	}
	over := conformance.FrameOfSize(t, wire.DefaultMaxSize+1)
	_, err := wire.Decode(over)
	conformance.CheckDecodeError(t, err, wire.ErrTooLarge, "")
	if _, err := wire.DecodeLimit(over, 0); err != nil {
		t.Errorf("DecodeLimit without a limit: %v", err)
	}
	_, err = wire.DecodeLimit(conformance.FrameOfSize(t, 101), 100)
	conformance.CheckDecodeError(t, err, wire.ErrTooLarge, "")
}
