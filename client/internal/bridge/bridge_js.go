//go:build js && wasm

package bridge

import (
	"errors"
	"runtime"
	"syscall/js"
	"unsafe"
)

//go:wasmimport silcrow apply
func apply(ptr, n uint32) uint32

//go:wasmimport silcrow read
func read(ptr, n uint32) uint32

//go:wasmimport silcrow now
func now() float64

//go:wasmimport silcrow timer
func timer(id uint32, ms float64)

//go:wasmimport silcrow changes
func changes() uint32

// in is the buffer the loader writes into: the bytes of an inbound call,
// a read's result or an apply's failures.
var in = make([]byte, 64<<10)

// silcrowIn returns the address of the inbound buffer, grown to hold n
// bytes. The buffer is reused by the next inbound call, so whatever is
// read from it is copied first.
//
//go:wasmexport silcrow_in
func silcrowIn(n uint32) uint32 {
	if int(n) > len(in) {
		in = make([]byte, int(n)+int(n)/2)
	}
	return addr(in)
}

func addr(b []byte) uint32 {
	if len(b) == 0 {
		return 0
	}
	return uint32(uintptr(unsafe.Pointer(&b[0])))
}

// inbound copies the first n bytes of the inbound buffer.
func inbound(n uint32) []byte { return append([]byte(nil), in[:n]...) }

var (
	out      Encoder
	spare    []byte
	failures []failure
	// spareFailures is the failure list of the last flush, emptied, for
	// the next: most messages register a handler per DOM write.
	spareFailures []failure
	depth         int
	transient     []Handle
	reserved      []Handle
)

type failure struct {
	ord  int
	fn   func(note Note, msg string)
	note Note
}

// Note is what a failure handler registered with OnFailNote is given
// besides the message: two strings and a pointer-shaped value, so that
// one top-level function serves every command and registering it
// allocates nothing.
type Note struct {
	What, Detail string
	Ctx          any
}

// Out returns the command list of the current turn. It may only be used
// inside Turn: outside, nothing would ever apply what is written.
//
// A list that has grown to flushAt bytes is applied first, as a read
// would apply it: a large render goes to the browser in a few lists of
// that size rather than one that grows (and is copied) to megabytes.
func Out() *Encoder {
	if depth == 0 {
		panic("bridge: command written outside a turn")
	}
	flushIfLarge()
	return &out
}

// flushIfLarge applies the command list when it has grown to flushAt
// bytes. It runs between commands: where Out is called, and after a
// command's failure handler is registered, since code that writes many
// commands in a row may hold on to the Encoder.
//
// Its failures are reported when the turn ends, as if the list had been
// applied whole then: a handler that gives up on what the turn is writing
// (a binding map dropped, its handles released) must not run halfway
// through it.
func flushIfLarge() {
	if len(out.B) >= flushAt || len(failures) >= flushFailures {
		flush(true)
	}
}

// deferred are the failures of the lists flushIfLarge applied, with their
// handlers, to report when the turn ends.
var deferred []deferredFailure

type deferredFailure struct {
	failure
	msg string
}

// reportDeferred calls the handlers of the deferred failures, in the
// order the commands were written.
func reportDeferred() {
	for len(deferred) > 0 {
		f := deferred[0]
		deferred = deferred[1:]
		depth++
		f.fn(f.note, f.msg)
		depth--
	}
	deferred = nil
}

// OnFail calls fn with the browser's error message if the command written
// last fails when it is applied.
func OnFail(fn func(msg string)) { OnFailNote(callOnFail, Note{Ctx: fn}) }

// callOnFail is the handler of OnFail: its note holds the callback.
func callOnFail(n Note, msg string) { n.Ctx.(func(string))(msg) }

// OnFailNote is OnFail for the hot paths, which register a handler for
// every DOM write: fn is called with note and the message. fn should be
// a top-level function and note.Ctx a pointer, which allocate nothing.
func OnFailNote(fn func(note Note, msg string), note Note) {
	failures = append(failures, failure{ord: out.count - 1, fn: fn, note: note})
	flushIfLarge()
}

// Turn runs f; the commands written during it are applied together when
// the outermost Turn ends, and the transient handles released. Entry
// points from the browser run as turns; so must any code that writes
// commands from elsewhere (a timer, a callback).
func Turn(f func()) {
	depth++
	defer func() {
		depth--
		if depth == 0 {
			end()
		}
	}()
	f()
}

// end releases the turn's transient handles and applies its commands.
func end() {
	depth++
	for _, h := range transient {
		out.Release(h)
	}
	clear(transient)
	transient = transient[:0]
	depth--
	// The last part's failures join those of the parts applied early, so
	// that the handlers run in the order the commands were written.
	flush(true)
	for len(deferred) > 0 {
		reportDeferred()
		Flush()
	}
}

// Warn writes OpWarn, in a turn of its own when it is called outside
// one.
func Warn(msg string) {
	depth++
	out.Warn(msg)
	depth--
	if depth == 0 {
		end()
	}
}

// Transient marks h, a handle received during a turn, to be released when
// the turn ends.
func Transient(h Handle) {
	if h != 0 {
		transient = append(transient, h)
	}
}

// Flush applies the commands written so far. It runs before every read,
// so that the read sees them, and before any code reaches the DOM
// another way. Page code run by a command (an event listener) may call
// back into Go and write commands of its own: they go to a fresh list,
// applied by that call before it returns.
func Flush() { flush(false) }

// flush is Flush; with later, the failures are kept in deferred instead
// of reported.
func flush(later bool) {
	for out.count > 0 {
		b, fails := out.B, failures
		out, failures = Encoder{B: spare[:0]}, spareFailures[:0]
		spare, spareFailures = nil, nil
		n := apply(addr(b), uint32(len(b)))
		runtime.KeepAlive(b)
		if n > 0 {
			report(inbound(n), fails, later)
		}
		clear(fails) // the handlers' contexts go with the flush
		if cap(fails) > cap(spareFailures) && cap(fails) <= keepFailures {
			spareFailures = fails[:0]
		}
		if cap(b) > cap(spare) && cap(b) <= keepCommands {
			spare = b[:0]
		}
	}
}

// flushAt and flushFailures are the size of the command list and the
// number of failure handlers at which the list so far is applied.
// keepCommands and keepFailures are the largest command list and failure
// list kept for the next flush: every message reuses them, and one that
// grew larger (a command carrying a large markup) is left to the
// collector, since a kept buffer raises the heap's goal, and with it the
// wasm memory, which never shrinks.
const (
	flushAt       = 32 << 10
	flushFailures = 512
	keepCommands  = 64 << 10
	keepFailures  = 1024
)

// report hands each failure the loader reported (ordinal, message) to the
// callback registered for its command, or with later adds it to
// deferred; failures without one are dropped: the command's effect was
// best-effort.
func report(b []byte, fails []failure, later bool) {
	d := Decoder{B: b}
	for d.More() {
		ord, msg := int(d.U32()), d.Str()
		for _, f := range fails {
			if f.ord != ord {
				continue
			}
			if later {
				deferred = append(deferred, deferredFailure{f, msg})
				continue
			}
			depth++
			f.fn(f.note, msg)
			depth--
		}
	}
}

// Read applies the pending commands, then sends the read request that
// build writes and returns a decoder over its result.
func Read(build func(e *Encoder)) *Decoder {
	Flush()
	// A read may run page code (ReadDispatch), which may read again: each
	// level of nesting writes its request into an encoder of its own.
	if reading == len(requests) {
		requests = append(requests, &Encoder{})
	}
	e := requests[reading]
	e.B, e.count = e.B[:0], 0
	build(e)
	reading++
	n := read(addr(e.B), uint32(len(e.B)))
	reading--
	return &Decoder{B: inbound(n)}
}

// requests are the encoders of the reads under way and their spares, by
// depth of nesting; reading is that depth.
var (
	requests []*Encoder
	reading  int
)

// reserveBatch is how many handles the next ReadReserve asks for: it
// doubles with every refill, up to 4096, so that a large list's first
// render costs a few reads.
var reserveBatch uint32 = 64

// Reserve returns a fresh handle, held once, for a node Go is about to
// create (OpClone, OpCloneInto).
func Reserve() Handle {
	if len(reserved) == 0 {
		n := reserveBatch
		reserveBatch = min(2*reserveBatch, 4096)
		d := Read(func(e *Encoder) { e.Op(ReadReserve).U32(n) })
		for d.More() {
			reserved = append(reserved, d.Handle())
		}
		if len(reserved) == 0 {
			panic("bridge: the loader reserved no handles")
		}
	}
	h := reserved[len(reserved)-1]
	reserved = reserved[:len(reserved)-1]
	return h
}

// Reserved counts the handles reserved for nodes not made yet, which
// Held counts too: for tests and diagnostics.
func Reserved() int { return len(reserved) }

// Query is document.querySelector(selector): a transient handle, 0 when
// nothing matches, or an error for a selector that is not valid CSS.
func Query(selector string) (Handle, error) {
	d := Read(func(e *Encoder) { e.Op(ReadQuery).Str(selector) })
	switch d.Byte() {
	case 1:
		h := d.Handle()
		Transient(h)
		return h, nil
	case 2:
		return 0, errors.New(d.Str())
	}
	return 0, d.Err
}

// Attr is h.getAttribute(name), and whether h has the attribute; for
// cold paths (it crosses syscall/js).
func Attr(h Handle, name string) (string, bool) {
	v := NodeOf(h).Call("getAttribute", name)
	if v.IsNull() {
		return "", false
	}
	return v.String(), true
}

// Scan is ReadScan of h: h itself when it matches top, then every element
// below it that matches all, each with the attributes named by names.
func Scan(h Handle, top, all string, names ...string) (bool, []Scanned) {
	d := Read(func(e *Encoder) {
		e.Op(ReadScan).Handle(h).Str(top).Str(all).U32(uint32(len(names)))
		for _, n := range names {
			e.Str(n)
		}
	})
	return DecodeScan(d, len(names))
}

// Closest is h.closest(selector), a transient handle or 0.
func Closest(h Handle, selector string) Handle {
	d := Read(func(e *Encoder) { e.Op(ReadClosest).Handle(h).Str(selector) })
	c := d.Handle()
	Transient(c)
	return c
}

// Dispatch fires an event as OpFire does, after the pending commands,
// and reports whether no listener cancelled it.
func Dispatch(target Handle, name string, detail []byte, flags byte, members ...Member) bool {
	return Read(func(e *Encoder) { e.Dispatch(target, name, detail, flags, members...) }).Byte() == 1
}

// Relations returns the Relation bits of each of hs against root.
func Relations(root Handle, hs []Handle) []byte {
	d := Read(func(e *Encoder) {
		e.Op(ReadRelations).Handle(root).U32(uint32(len(hs)))
		for _, h := range hs {
			e.Handle(h)
		}
	})
	return d.B
}

// IsConnected reports whether h's node is in the document.
func IsConnected(h Handle) bool {
	r := Relations(h, []Handle{h})
	return len(r) == 1 && r[0]&Connected != 0
}

// loader is the loader's object of cold-path functions: handleOf(node),
// nodeOf(handle), observe(), ready() and destroy().
var loader = attach()

// attach takes the loader's bridge object off window.Silcrow, where the
// loader left it for the runtime alone.
func attach() js.Value {
	s := js.Global().Get("Silcrow")
	if s.Type() != js.TypeObject || s.Get("__bridge").Type() != js.TypeObject {
		panic("bridge: the page's loader has no bridge (load silcrow.wasm with the loader served beside it)")
	}
	b := s.Get("__bridge")
	s.Delete("__bridge")
	return b
}

// HandleOf returns the handle of v, a node, transient to the current turn.
func HandleOf(v js.Value) Handle {
	h := Handle(loader.Call("handleOf", v).Int())
	Transient(h)
	return h
}

// Held returns how many handles the node table has given out and not had
// back: a page that keeps working keeps it bounded.
func Held() int { return loader.Call("held").Int() }

// NodeOf returns the node of h.
func NodeOf(h Handle) js.Value { return loader.Call("nodeOf", uint32(h)) }

// Loader returns the loader's object of cold-path functions.
func Loader() js.Value { return loader }

// The handlers of the inbound calls, set by the runtime at boot.
var (
	// OnSocket receives a socket's events: SocketOpened, SocketMessage
	// (text is the frame), SocketBinary, SocketClosed (code and reason).
	OnSocket func(kind SocketEvent, id uint32, code int, text string)
	// OnMutations receives a MutationObserver batch.
	OnMutations func(m Mutations)
	// OnCall receives a window.Silcrow method call.
	OnCall func(method byte, args []Arg)
)

// wake says that the current inbound call started a goroutine or a
// timer (see Wake).
var wake bool

// Wake asks the loader to run Go's scheduler once the current inbound
// call returns. A //go:wasmexport call returns to the page without
// running the goroutines it started, and a timer it set is only handed
// to the browser when the scheduler next goes idle; code that starts
// either from an inbound call says so with Wake.
func Wake() { wake = true }

// woken returns, and clears, whether Wake was called: what every export
// returns to the loader.
func woken() uint32 {
	if wake {
		wake = false
		return 1
	}
	return 0
}

//go:wasmexport silcrow_socket
func silcrowSocket(kind, id, code, n uint32) uint32 {
	text := string(in[:n])
	Turn(func() {
		defer guard("a socket event")
		OnSocket(SocketEvent(kind), id, int(code), text)
	})
	return woken()
}

//go:wasmexport silcrow_mutations
func silcrowMutations(n uint32) uint32 {
	m := DecodeMutations(&Decoder{B: inbound(n)})
	Turn(func() {
		defer guard("a DOM mutation batch")
		for _, c := range m.Live {
			Transient(c.Node)
		}
		OnMutations(m)
	})
	return woken()
}

//go:wasmexport silcrow_call
func silcrowCall(n uint32) uint32 {
	d := &Decoder{B: inbound(n)}
	method := d.Byte()
	args := Args(d)
	Turn(func() {
		defer guard("a Silcrow call")
		for _, a := range args {
			Transient(a.Node)
		}
		OnCall(method, args)
	})
	return woken()
}

// Now returns the page's performance.now(): milliseconds since the page
// started, never going back.
func Now() float64 { return now() }

// OutsideChanges returns a count that moves whenever the document changes
// other than through a command list: page scripts (the listeners of an
// event a list fires included), the user's editing, syscall/js. While it
// stands still, every text and every attribute of a name given to
// [Encoder.Watch] shows what the last command that wrote to it wrote.
// Changes made by page code that the browser runs inside a command (a
// custom element's reaction to a write, a property's setter) count as the
// command's.
func OutsideChanges() uint32 { return changes() }

// timers holds the functions of the pending AfterFunc timers by id.
var (
	timers    = map[uint32]func(){}
	lastTimer uint32
)

// AfterFunc calls f once ms milliseconds have passed, from a setTimeout
// task of the page, inside a turn; a panic in f is a debug warning. stop
// cancels the call; it reports whether it did, false when f has run or
// is running.
func AfterFunc(ms float64, f func()) (stop func() bool) {
	lastTimer++
	id := lastTimer
	timers[id] = f
	timer(id, max(ms, 0))
	return func() bool {
		if _, ok := timers[id]; !ok {
			return false
		}
		delete(timers, id)
		timer(id, -1)
		return true
	}
}

// silcrowTimer runs the function of the timer id, unless it was stopped.
// Go's scheduler runs after it: f may have woken a goroutine.
//
//go:wasmexport silcrow_timer
func silcrowTimer(id uint32) uint32 {
	if f, ok := timers[id]; ok {
		delete(timers, id)
		Turn(func() {
			defer guard("a timer")
			f()
		})
	}
	woken()
	return 1
}

// guard turns a panic in the handling of an inbound call into a debug
// warning: the page's event goes on, and so does the runtime.
func guard(what string) {
	if r := recover(); r != nil {
		out.Warn("handling " + what + " failed: " + PanicText(r))
	}
}

// WaitForDocument returns once the document is parsed: at once when it
// is, else at DOMContentLoaded. It blocks the calling goroutine.
func WaitForDocument() {
	doc := js.Global().Get("document")
	if doc.Get("readyState").String() != "loading" {
		return
	}
	ready := make(chan struct{})
	var onReady js.Func
	onReady = js.FuncOf(func(js.Value, []js.Value) any {
		onReady.Release()
		close(ready)
		return nil
	})
	doc.Call("addEventListener", "DOMContentLoaded", onReady, map[string]any{"once": true})
	<-ready
}
