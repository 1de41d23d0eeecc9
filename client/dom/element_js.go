//go:build js && wasm

package dom

import "syscall/js"

// absent reports whether el is null or undefined: no element. The
// package's entry points for Go code take an element as a js.Value and
// check it with absent.
func absent(el js.Value) bool { return el.IsNull() || el.IsUndefined() }
