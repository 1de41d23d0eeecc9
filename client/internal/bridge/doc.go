// Package bridge is the one place where the Silcrow runtime meets the
// browser on its hot paths. Every crossing of syscall/js costs
// microseconds (a js.FuncOf callback about 15 µs, and every js.Value Go
// receives gets a finalizer), so a message must not make dozens of them.
// The bridge makes it one each way:
//
//   - Inbound, the loader's JavaScript writes what happened (a WebSocket
//     message, open or close, a MutationObserver batch, a call of a
//     window.Silcrow method) into a Go-owned buffer and calls one of the
//     //go:wasmexport functions below; no js.FuncOf runs per message.
//   - Outbound, Go decides everything and writes the DOM work of one
//     message as a command list (a [Batch]) in linear memory; one
//     //go:wasmimport call, silcrow.apply, carries it out. The applier in
//     the loader is an interpreter without decisions of its own.
//   - Reads Go needs (a root's binding scan, a list's children, a
//     query) are one call each, silcrow.read, that fills a buffer.
//   - Go's clock and timers are the page's: silcrow.now reads
//     performance.now(), silcrow.timer sets or clears a setTimeout whose
//     task calls back through silcrow_timer ([AfterFunc]).
//   - silcrow.changes counts the changes made to the document other than
//     by a command list ([OutsideChanges]), from a MutationObserver: while
//     the count stands still, Go knows what every node it wrote shows
//     without reading it.
//
// Nodes cross as [Handle]s, small integers into a node table that the
// loader keeps. The table gives one node one handle for as long as it is
// held, and counts how often it was handed to Go; Go gives each handle it
// received back with [Batch.Release] once, when it is done with it.
//
// The command list and the read results use one encoding, little-endian:
// an opcode byte, then the operands in order; a handle or an integer is
// four bytes, a float eight, a string its byte length in four bytes and
// then its UTF-8 bytes. The opcodes are the Op constants. [Encoder] writes
// them and [Decoder] reads them, natively testable; the package's
// browser half (bridge_js.go) only moves the bytes.
package bridge
