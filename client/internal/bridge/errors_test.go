package bridge

import (
	"errors"
	"testing"
)

func TestWrapKeepsTheCauseForErrorsIs(t *testing.T) {
	cause := errors.New("empty path")
	err := Wrap(`invalid path ""`, cause)
	if want := `invalid path "": empty path`; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(%v, cause) = false, want true", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Err != cause {
		t.Errorf("errors.As found %v, want the *Error around the cause", e)
	}
}
