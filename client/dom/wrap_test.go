package dom

import (
	"errors"
	"testing"
)

func TestWrapKeepsTheCauseForErrorsIs(t *testing.T) {
	cause := errors.New("empty path")
	err := wrap(`invalid path ""`, cause)
	if want := `invalid path "": empty path`; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(%v, cause) = false, want true", err)
	}
}
