//go:build js && wasm

package api

import (
	"strconv"
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/live"
	"github.com/silcrow/silcrow/wire/frame"
)

// BenchmarkSilcrowPatchEcho calls Silcrow.patch({echo: i}, root), the
// loader's method, which reaches Go through the bridge, on a root with one
// text binding.
func BenchmarkSilcrowPatchEcho(b *testing.B) {
	doc := js.Global().Get("document")
	root := doc.Call("createElement", "div")
	root.Set("innerHTML", `<p s-bind="echo"></p>`)
	doc.Get("body").Call("appendChild", root)
	defer root.Call("remove")
	patch := silcrow.Get("patch")
	data := make([]js.Value, b.N)
	for i := range data {
		data[i] = js.ValueOf(map[string]any{"echo": i})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		patch.Invoke(data[i], root)
	}
}

// BenchmarkDeliverScalarPatch is the Go side of one S2 message: decode the
// frame, find its target, patch five bindings, fire silcrow:patched, and
// apply the turn's commands.
func BenchmarkDeliverScalarPatch(b *testing.B) {
	doc := js.Global().Get("document")
	root := doc.Call("createElement", "div")
	root.Set("id", "s2")
	root.Set("innerHTML", `<span s-bind="count"></span><span s-bind="user.name"></span><input s-bind="draft:value"><button s-bind="busy:disabled"></button><p s-bind="state:data-state"></p>`)
	doc.Get("body").Call("appendChild", root)
	defer root.Call("remove")
	msgs := make([]string, 2)
	for i := range msgs {
		n := strconv.Itoa(i)
		msgs[i] = `{"type":"patch","target":"#s2","data":{"count":` + n + `,"user":{"name":"user ` + n + `"},"draft":"draft ` + n + `","busy":` + strconv.FormatBool(i == 0) + `,"state":"s` + n + `"}}`
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bridge.Turn(func() {
			ev, err := frame.Decode([]byte(msgs[i&1]))
			if err != nil {
				b.Fatal(err)
			}
			live.Deliver(page{}, "ws://x/s2", nil, ev)
		})
	}
}

// BenchmarkDeliverHTMLAppend is the Go side of one S4 message: decode the
// frame, find its target, parse and sanitize the markup, and append it.
// The feed is emptied every 256 messages, outside the timing, so that the
// document stays the same size.
func BenchmarkDeliverHTMLAppend(b *testing.B) {
	doc := js.Global().Get("document")
	root := doc.Call("createElement", "div")
	root.Set("id", "s4")
	root.Set("innerHTML", `<div id="feed"></div>`)
	doc.Get("body").Call("appendChild", root)
	defer root.Call("remove")
	feed := root.Call("querySelector", "#feed")
	msgs := make([]string, 256)
	for i := range msgs {
		n := strconv.Itoa(i)
		msgs[i] = `{"type":"html","target":"#feed","swap":"append","markup":"<article class=\"msg\" id=\"m` + n +
			`\"><h4>user ` + n + `</h4><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p><a href=\"/u/` + n + `\">profile</a></article>"}`
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%len(msgs) == 0 {
			b.StopTimer()
			feed.Set("textContent", "")
			b.StartTimer()
		}
		bridge.Turn(func() {
			ev, err := frame.Decode([]byte(msgs[i%len(msgs)]))
			if err != nil {
				b.Fatal(err)
			}
			live.Deliver(page{}, "ws://x/s4", nil, ev)
		})
	}
	if n := feed.Get("children").Length(); n == 0 {
		b.Fatal("no article was appended")
	}
}
