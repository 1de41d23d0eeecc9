//go:build js && wasm

// Package jsstring makes Go strings JavaScript strings once. A Go string
// passed to syscall/js crosses into JavaScript as a new string every time:
// decoded, given a reference, and finalized later, each step a call across
// syscall/js. The runtime passes the same names over and over (attribute
// names, selectors, binding paths, event names, close reasons), so it keeps
// them.
package jsstring

import "syscall/js"

const (
	// maxLen is the longest string kept: names are short, and a long
	// string is likely a value that will not repeat.
	maxLen = 64
	// maxKept bounds the cache; it is emptied when full, which costs
	// strings that do not repeat (item keys, say) only a little churn.
	maxKept = 1024
)

var kept = map[string]js.Value{}

// Of returns s as a JavaScript string, the same js.Value each time for a
// short s.
func Of(s string) js.Value {
	if len(s) > maxLen {
		return js.ValueOf(s)
	}
	if v, ok := kept[s]; ok {
		return v
	}
	if len(kept) >= maxKept {
		clear(kept)
	}
	v := js.ValueOf(s)
	kept[s] = v
	return v
}
