//go:build js && wasm

package live

import "github.com/silcrow/silcrow/client/internal/bridge"

// FireDocumentEvent fires a bubbling CustomEvent called name on document,
// with detail as its detail: the browser side of Page.Dispatch. The detail
// is written as JSON in Go (bridge.AppendDetail) and becomes a JavaScript object
// in the loader; JSON values go in as they are.
func FireDocumentEvent(name string, detail map[string]any) {
	bridge.Turn(func() { bridge.Out().Fire(bridge.Document, name, bridge.AppendDetail(nil, detail), bridge.Bubbles) })
}
