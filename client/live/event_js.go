//go:build js && wasm

package live

import "github.com/silcrow/silcrow/client/internal/bridge"

// ShowState writes state into the s-live-state attribute of each root,
// the browser side of Page.State; an element that shows it already is not
// written (the applier compares).
func ShowState(roots []Root, state string) {
	bridge.Turn(func() {
		for _, r := range roots {
			if el, ok := r.(*Element); ok {
				bridge.Out().Attr(el.H, "s-live-state", state)
			}
		}
	})
}

// FireDocumentEvent fires a bubbling CustomEvent called name on document,
// with detail as its detail: the browser side of Page.Dispatch. The detail
// is written as JSON in Go (bridge.AppendDetail) and becomes a JavaScript object
// in the loader; JSON values go in as they are, and Elements of
// *Element roots become an array of those elements.
func FireDocumentEvent(name string, detail map[string]any) {
	var members []bridge.Member
	for k, v := range detail {
		if els, ok := v.(Elements); ok {
			hs := make([]bridge.Handle, 0, len(els))
			for _, r := range els {
				if el, ok := r.(*Element); ok {
					hs = append(hs, el.H)
				}
			}
			members = append(members, bridge.Member{Name: k, Nodes: hs})
			delete(detail, k)
		}
	}
	bridge.Turn(func() {
		bridge.Out().Fire(bridge.Document, name, bridge.AppendDetail(nil, detail), bridge.Bubbles, members...)
	})
}
