package server

import (
	"errors"
	"fmt"
	"io"
)

// ErrBadFrame matches every error [Stream.Recv] returns for a frame it had
// to drop ([ErrNonText] and [*FrameError]). After such an error the stream
// is still usable, so a receive loop continues on it and stops on anything
// else:
//
//	if errors.Is(err, server.ErrBadFrame) {
//		continue
//	}
var ErrBadFrame = errors.New("server: bad frame")

// ErrNonText is returned by [Stream.Recv] for a binary frame. The wire format
// is JSON in text frames only, so the frame is dropped.
var ErrNonText = fmt.Errorf("%w: binary frame, the wire format is text only", ErrBadFrame)

// FrameError is returned by [Stream.Recv] for a text frame that is not a
// valid wire event. Err is the [*wire.DecodeError] naming the problem, so
// errors.As(err, new(*wire.DecodeError)) and errors.Is(err,
// wire.ErrUnknownType) both work on a FrameError.
type FrameError struct {
	// Frame is the payload as received, for logging.
	Frame []byte
	Err   error
}

func (e *FrameError) Error() string { return "server: bad frame: " + e.Err.Error() }

// Unwrap returns [ErrBadFrame] and the decode error.
func (e *FrameError) Unwrap() []error { return []error{ErrBadFrame, e.Err} }

// CloseError is returned by [Stream.Recv] once when the peer sent a close
// frame. Code is the WebSocket status code (1000 for a normal closure, 1001
// when a browser leaves the page, 1005 when the frame carried no code).
//
// A CloseError matches io.EOF with errors.Is, so a loop that stops at io.EOF
// also stops here; Recv returns plain io.EOF after it.
type CloseError struct {
	Code   int
	Reason string
}

func (e *CloseError) Error() string {
	return fmt.Sprintf("server: peer closed the connection: status %d, reason %q", e.Code, e.Reason)
}

// Is reports whether target is io.EOF: a close frame is an end of stream.
func (e *CloseError) Is(target error) bool { return target == io.EOF }
