//go:build js && wasm

package dom

import (
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

// Optimistic is Silcrow.optimistic(root, data): it records what root's
// bindings and lists show (see the package doc), then patches root with
// data, a JSON value, and fires silcrow:patched and silcrow:optimistic on
// root. Each call replaces root's earlier snapshot.
func Optimistic(root js.Value, data []byte) {
	if absent(root) {
		warn("optimistic patch ignored: no root element")
		return
	}
	bridge.Turn(func() { OptimisticNode(bridge.HandleOf(root), data) })
}

// OptimisticNode is Optimistic on a node handle, inside a bridge turn.
func OptimisticNode(root bridge.Handle, data []byte) { engine.optimistic(root, data) }

// Revert is Silcrow.revert(root): it puts back what root showed when
// Optimistic was last called on it, invalidates root, and fires
// silcrow:revert on root. Without a snapshot, or after root was
// invalidated since, it only warns.
func Revert(root js.Value) {
	if absent(root) {
		warn("revert ignored: no root element")
		return
	}
	bridge.Turn(func() { RevertNode(bridge.HandleOf(root)) })
}

// RevertNode is Revert on a node handle, inside a bridge turn.
func RevertNode(root bridge.Handle) { engine.revert(root) }
