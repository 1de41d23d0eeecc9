//go:build js && wasm

package live

import (
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/reconnect"
	"github.com/silcrow/silcrow/wire/frame"
)

// quietPage is a Page that ignores everything, for tests of the Browser's
// own bookkeeping.
type quietPage struct{}

func (quietPage) Query(string) (Root, error)       { return nil, nil }
func (quietPage) Apply(Root, frame.Event)          {}
func (quietPage) Navigate(string)                  {}
func (quietPage) Dispatch(string, map[string]any)  {}
func (quietPage) Warn(string)                      {}
func (quietPage) State(roots []Root, state string) {}

// A Browser holds one handle per subscribed element: removed elements and
// elements whose subscription failed give theirs back, and an element
// moved elsewhere in the document keeps its own.
func TestBrowserGivesBackTheHandlesOfRootsItNoLongerHolds(t *testing.T) {
	doc := js.Global().Get("document")
	box := doc.Call("createElement", "div")
	box.Set("innerHTML", `<div id="stay" s-live="/ws/stay"></div><div id="go1" s-live="/ws/go1"></div><div id="go2" s-live="/ws/go2"></div><div id="moved" s-live="/ws/moved"></div><div id="other"></div>`)
	doc.Get("body").Call("appendChild", box)
	defer box.Call("remove")

	tr := &fakeTransport{}
	hub := NewHub(Config{
		Transports: map[Protocol]Transport{WebSocket: tr},
		Page:       quietPage{},
		Backoff:    reconnect.Backoff{Jitter: -1},
		AfterFunc:  (&fakeTimers{}).AfterFunc,
	})
	var warnings []string
	b := NewBrowser(hub, func(msg string) { warnings = append(warnings, msg) })
	defer bridge.Turn(b.Stop)

	held := func() int { return bridge.Held() - bridge.Reserved() }
	before := held()
	var boxH bridge.Handle
	bridge.Turn(func() {
		boxH = bridge.HandleOf(box)
		bridge.Out().Retain(boxH)
		b.Scan(boxH)
	})
	defer bridge.Turn(func() { bridge.Out().Release(boxH) })
	if got := held() - before; got != 5 {
		t.Fatalf("after the scan %d handles are held, want 5: the box and four roots", got)
	}

	// An SSE URL on a Hub without an SSE transport is refused.
	other := box.Call("querySelector", "#other")
	bridge.Turn(func() {
		h := bridge.HandleOf(other)
		if b.Live(h, "sse:/events") {
			t.Error("a subscription to a protocol without a transport succeeded")
		}
	})
	if len(warnings) != 1 {
		t.Errorf("warnings = %q, want the refused subscription's", warnings)
	}
	if got := held() - before; got != 5 {
		t.Errorf("after a refused subscription %d handles are held, want 5 still", got)
	}

	box.Call("querySelector", "#go1").Call("remove")
	box.Call("querySelector", "#go2").Call("remove")
	moved := box.Call("querySelector", "#moved")
	other.Call("appendChild", moved)
	bridge.Turn(b.Prune)
	if got := held() - before; got != 3 {
		t.Errorf("after two roots left the document %d handles are held, want 3: the box, stay and moved", got)
	}
	if n := tr.count(); n != 4 {
		t.Errorf("%d sockets were opened, want 4", n)
	}
	bridge.Turn(func() {
		for _, id := range []string{"#stay", "#moved"} {
			h := bridge.HandleOf(box.Call("querySelector", id))
			if r, ok := b.Subscribed(h); !ok {
				t.Errorf("%s lost its root", id)
			} else if _, ok := hub.Subscribed(r); !ok {
				t.Errorf("%s lost its subscription", id)
			}
		}
	})
}
