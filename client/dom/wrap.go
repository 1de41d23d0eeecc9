package dom

// wrappedError is what fmt.Errorf(msg+": %w", err) makes: fmt is not
// linked into silcrow.wasm, for size, and errors.Is and errors.As must
// still find err.
type wrappedError struct {
	msg string
	err error
}

// wrap returns err with msg in front of its message.
func wrap(msg string, err error) error { return &wrappedError{msg: msg, err: err} }

func (e *wrappedError) Error() string { return e.msg + ": " + e.err.Error() }

// Unwrap returns the wrapped error.
func (e *wrappedError) Unwrap() error { return e.err }
