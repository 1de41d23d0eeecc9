package dom

import (
	"fmt"
	"sync/atomic"
)

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

// warnf formats a debug warning and hands it to the function installed by
// SetWarn. Formatting is skipped entirely when no one is listening, so a
// production page pays nothing for warnings on its hot paths.
func warnf(format string, args ...any) {
	fn := warnSink.Load()
	if fn == nil {
		return
	}
	(*fn)(fmt.Sprintf(format, args...))
}
