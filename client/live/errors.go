package live

import (
	"errors"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

// about returns an error reading "err.Error(): detail" that matches err.
// The wasm links neither fmt nor reflect (they cost hundreds of KB).
func about(err error, detail string) error {
	return &bridge.Error{Msg: err.Error() + ": " + detail, Err: err}
}

var errEmptyURL = errors.New("empty s-live URL")
