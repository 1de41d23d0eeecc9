package bridge

// Error is an error with a message of its own that still matches Err
// (errors.Is, errors.As): what fmt.Errorf with %w makes, without linking
// fmt into silcrow.wasm.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }

// Wrap returns err with msg in front of its message.
func Wrap(msg string, err error) error { return &Error{Msg: msg + ": " + err.Error(), Err: err} }
