//go:build js && wasm

package dom

import (
	"fmt"
	"strings"
	"sync/atomic"
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// Helpers of the browser tests of swaps, morphs and the sanitizer.

// swapTargetCount numbers the targets mounted by swapTarget.
var swapTargetCount atomic.Int64

// swapTarget appends a fresh <div> with a unique id and the given
// content (set with innerHTML: the page's own, trusted markup) to the
// body of the test document, and removes it when the test ends.
func swapTarget(t testing.TB, content string) js.Value {
	t.Helper()
	doc := js.Global().Get("document")
	el := doc.Call("createElement", "div")
	el.Set("id", fmt.Sprintf("swap-target-%d", swapTargetCount.Add(1)))
	el.Set("innerHTML", content)
	doc.Get("body").Call("appendChild", el)
	t.Cleanup(func() { el.Call("remove") })
	return el
}

// swapHTMLEvent delivers markup as an html event would: the event is
// encoded and decoded as on the wire, its target looked up with Query,
// and the markup swapped in.
func swapHTMLEvent(target js.Value, markup string, mode frame.Swap) error {
	b, err := frame.Encode(frame.HTML(markup, "#"+target.Get("id").String()).WithSwap(mode))
	if err != nil {
		return err
	}
	ev, err := frame.Decode(b)
	if err != nil {
		return err
	}
	el, err := Query(ev.Target)
	if err != nil {
		return err
	}
	if absent(el) {
		return fmt.Errorf("no element matches %s", ev.Target)
	}
	return Swap(el, ev.Markup, ev.Swap)
}

// swapEl is Swap on a js.Value.
func swapEl(target js.Value, markup string, mode frame.Swap) error {
	return Swap(target, markup, mode)
}

// waitCallback calls start with a callback, which start must arrange to
// be called once, and blocks until it runs. The test goroutine blocking
// lets the event loop go on.
func waitCallback(start func(done js.Value)) {
	ch := make(chan struct{})
	done := js.FuncOf(func(js.Value, []js.Value) any {
		close(ch)
		return nil
	})
	start(done.Value)
	<-ch
	done.Release()
}

// sleepMillis waits ms milliseconds on the event loop.
func sleepMillis(ms int) {
	waitCallback(func(done js.Value) { js.Global().Call("setTimeout", done, ms) })
}

// frameOrTimeout returns a promise settled by the next animation frame,
// or after 100 ms when frames do not come (a hidden page).
var frameOrTimeout = js.Global().Get("Function").New(
	"return new Promise(r => { requestAnimationFrame(r); setTimeout(r, 100) })")

// waitFrame waits for an animation frame.
func waitFrame() {
	waitCallback(func(done js.Value) { frameOrTimeout.Invoke().Call("then", done) })
}

// settleEffects gives asynchronous effects time to happen: image loads that
// fail with an error event, autofocus, media errors, animations,
// MutationObserver records. Two frames, then ms milliseconds.
func settleEffects(ms int) {
	waitFrame()
	waitFrame()
	sleepMillis(ms)
}

// xssFlag counts the times a payload ran: window.__xss is made an own
// accessor of the window whose setter counts, so that every payload's
// "__xss=1" or "top.__xss=1" is seen, and markup that names an element
// __xss cannot fake or hide a hit (an own property wins over the
// window's named properties).
type xssFlag struct{ hits atomic.Int64 }

func installXSSFlag(t testing.TB) *xssFlag {
	f := &xssFlag{}
	set := js.FuncOf(func(js.Value, []js.Value) any {
		f.hits.Add(1)
		return nil
	})
	get := js.FuncOf(func(js.Value, []js.Value) any { return js.Undefined() })
	js.Global().Get("Object").Call("defineProperty", js.Global(), "__xss", map[string]any{
		"configurable": true, "get": get, "set": set,
	})
	t.Cleanup(func() {
		js.Global().Call("eval", "delete window.__xss")
		set.Release()
		get.Release()
	})
	return f
}

// forbiddenElements are the elements no sanitized subtree may hold.
var forbiddenElements = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "base": true, "link": true, "meta": true, "style": true,
	"noscript": true, "applet": true, "portal": true, "noembed": true,
	"noframes": true, "xmp": true, "plaintext": true,
}

// checkedURLAttributes are the attributes whose value the browser loads
// or navigates to, or may on some element.
var checkedURLAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true,
	"cite": true, "background": true, "xlink:href": true, "srcset": true,
	"data": true, "codebase": true, "longdesc": true, "lowsrc": true,
	"dynsrc": true, "ping": true, "manifest": true, "imagesrcset": true,
	"archive": true, "classid": true, "attributionsrc": true,
}

// unsafeContent lists what a sanitized subtree must not hold, template
// contents included. It is written apart from the sanitizer's rules, and
// more bluntly: a URL attribute fails when its value, with every space
// and control character dropped, contains a forbidden scheme anywhere.
func unsafeContent(root js.Value) []string {
	var problems []string
	var walk func(parent js.Value)
	walk = func(parent js.Value) {
		for n := native().firstChild.of(parent); !n.IsNull(); n = native().nextSibling.of(n) {
			switch native().nodeType.of(n).Int() {
			case elementNode:
			case textNode:
				continue
			default:
				problems = append(problems, fmt.Sprintf("node of type %d", native().nodeType.of(n).Int()))
				continue
			}
			tag := native().localName.of(n).String()
			if ns := nullableString(native().namespaceURI.of(n)); ns != htmlNamespace {
				problems = append(problems, fmt.Sprintf("<%s> in namespace %q", tag, ns))
			}
			if forbiddenElements[tag] {
				problems = append(problems, fmt.Sprintf("<%s>", tag))
			}
			for _, a := range (browserMorph{}).attributes(n) {
				name := strings.ToLower(a.name)
				switch {
				case strings.HasPrefix(name, "on"), name == "style", name == "srcdoc":
					problems = append(problems, fmt.Sprintf("<%s %s>", tag, name))
				case checkedURLAttributes[name] && unsafeURLValue(tag, name, a.value):
					problems = append(problems, fmt.Sprintf("<%s %s=%q>", tag, name, a.value))
				}
			}
			walk(n)
			if tag == "template" {
				walk(native().templateContent.of(n))
			}
		}
	}
	walk(root)
	return problems
}

// unsafeURLValue reports whether a URL attribute value mentions a
// forbidden scheme, data:image/…;base64 on img src aside.
func unsafeURLValue(tag, name, value string) bool {
	v := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= 0x20 {
			return -1
		}
		return r
	}, value))
	if tag == "img" && name == "src" && strings.HasPrefix(v, "data:image/") && strings.Contains(v, ";base64,") && strings.Count(v, ":") == 1 {
		return false
	}
	for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.Contains(v, scheme) {
			return true
		}
	}
	return false
}

// documentState is what a swap must not change outside its target.
type documentState struct {
	href, title       string
	scripts, headKids int
	bases             int
}

func snapshotDocument() documentState {
	doc := js.Global().Get("document")
	return documentState{
		href:     js.Global().Get("location").Get("href").String(),
		title:    doc.Get("title").String(),
		scripts:  doc.Get("scripts").Length(),
		headKids: doc.Get("head").Get("childNodes").Length(),
		bases:    doc.Call("querySelectorAll", "base").Length(),
	}
}
