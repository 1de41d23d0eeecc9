package live

import "errors"

// The wasm links neither fmt nor reflect (they cost hundreds of KB), so
// messages are built with strconv and errors wrapped by hand.

// wrapped is an error with its own message that still matches err.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// wrap returns an error reading "err.Error(): detail" that matches err.
func wrap(err error, detail string) error {
	return &wrapped{msg: err.Error() + ": " + detail, err: err}
}

// panicText describes a recovered panic: in the browser, usually a
// js.Error thrown by a DOM call.
func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "unknown panic"
}

var errEmptyURL = errors.New("empty s-live URL")
