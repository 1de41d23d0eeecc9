package wire

import "github.com/silcrow/silcrow/wire/frame"

// DefaultMaxSize is the largest frame [Decode] accepts: 1 MiB.
const DefaultMaxSize = frame.DefaultMaxSize

// The kinds of decode failure. A [*DecodeError] matches exactly one of them
// with errors.Is. They are frame's values, so errors.Is gives the same
// answer whichever of the two packages names them.
var (
	ErrTooLarge     = frame.ErrTooLarge
	ErrSyntax       = frame.ErrSyntax
	ErrNotObject    = frame.ErrNotObject
	ErrTrailingData = frame.ErrTrailingData
	ErrMissingField = frame.ErrMissingField
	ErrWrongType    = frame.ErrWrongType
	ErrUnknownType  = frame.ErrUnknownType
	ErrBadValue     = frame.ErrBadValue
)

// DecodeError says why a frame was rejected: Kind is one of the Err*
// values above, Field names the offending field when there is one.
type DecodeError = frame.DecodeError

// Decode parses one frame with the [DefaultMaxSize] limit.
func Decode(b []byte) (Event, error) { return frame.Decode(b) }

// DecodeLimit parses one frame, rejecting frames longer than max bytes
// (max <= 0 means no limit). It never panics. See [frame.DecodeLimit].
func DecodeLimit(b []byte, max int) (Event, error) { return frame.DecodeLimit(b, max) }
