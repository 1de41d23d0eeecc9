package dom

import "sync/atomic"

// warnSink holds the function installed by SetWarn. It is atomic so that
// native tests running in parallel can install and read it without a race;
// in the browser there is only one goroutine touching it at a time anyway.
var warnSink atomic.Pointer[func(msg string)]

// SetWarn installs fn as the receiver of the package's debug warnings, or
// silences them when fn is nil (the default). The wasm main installs a
// function that logs "[silcrow] "+msg to console.warn when the page has
// <body s-debug>; the message itself carries no prefix.
func SetWarn(fn func(msg string)) {
	if fn == nil {
		warnSink.Store(nil)
		return
	}
	warnSink.Store(&fn)
}

// warn hands a debug warning to the function installed by SetWarn. The
// callers build msg by concatenation, not with fmt, which would cost
// silcrow.wasm more than the rest of this package; a message is built only
// where something went wrong, never on a patch's ordinary path.
func warn(msg string) {
	if fn := warnSink.Load(); fn != nil {
		(*fn)(msg)
	}
}
