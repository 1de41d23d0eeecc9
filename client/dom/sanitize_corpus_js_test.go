//go:build js && wasm

package dom

import (
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// morphStartContent is what a morph target holds before a vector is
// morphed into it, so that the morph has old nodes to keep and update.
const morphStartContent = `<p id="a" class="x">old</p><img alt="old"><a href="/ok">ok</a><form><input name="q"></form>`

// TestXSSCorpus swaps every vector of testdata/xss.json into a fresh
// target through an html event, inner and morph, lets the page run for a
// while, and then checks that no payload ran and that nothing dangerous
// is left in the target. The whole run is repeated with
// Element.prototype.setHTML present (the browser's own, or a naive
// stand-in that would let everything through) and deleted: the results
// must be the same node for node, because the sanitizer never uses it.
func TestXSSCorpus(t *testing.T) {
	corpus := loadXSSCorpus(t)
	flag := installXSSFlag(t)
	variants := []struct {
		name    string
		prepare func() (restore func())
	}{
		{"setHTML present", withSetHTML},
		{"setHTML deleted", withoutSetHTML},
	}
	results := map[string][]string{}
	for _, variant := range variants {
		for _, mode := range []frame.Swap{frame.Inner, frame.Morph} {
			t.Run(variant.name+"/"+string(mode), func(t *testing.T) {
				restore := variant.prepare()
				defer restore()
				results[string(mode)+" "+variant.name] = runXSSCorpus(t, corpus, mode, flag)
			})
		}
	}
	for _, mode := range []frame.Swap{frame.Inner, frame.Morph} {
		with, without := results[string(mode)+" setHTML present"], results[string(mode)+" setHTML deleted"]
		for i := range min(len(with), len(without)) {
			if with[i] != without[i] {
				t.Errorf("%s %q: the result depends on setHTML:\n with    %s\n without %s", mode, corpus[i].Name, with[i], without[i])
			}
		}
	}
}

// runXSSCorpus swaps the whole corpus in, each vector into a target of
// its own, waits once for the payloads' chances to run, checks, and
// returns each target's resulting markup.
func runXSSCorpus(t *testing.T, corpus []xssVector, mode frame.Swap, flag *xssFlag) []string {
	before := snapshotDocument()
	start := ""
	if mode == frame.Morph {
		start = morphStartContent
	}
	targets := make([]js.Value, len(corpus))
	for i, v := range corpus {
		targets[i] = swapTarget(t, start)
		if err := swapHTMLEvent(targets[i], v.Markup, mode); err != nil {
			t.Errorf("%s %q: the swap failed: %v", v.Category, v.Name, err)
		}
	}
	settleEffects(300)

	if hits := flag.hits.Load(); hits > 0 {
		flag.hits.Store(0)
		t.Errorf("payloads ran %d times; finding the vectors one by one", hits)
		for _, v := range corpus {
			target := swapTarget(t, start)
			_ = swapHTMLEvent(target, v.Markup, mode)
			settleEffects(50)
			if flag.hits.Swap(0) > 0 {
				t.Errorf("%s %q ran its payload; the target holds %s", v.Category, v.Name, target.Get("innerHTML").String())
			}
		}
	}
	out := make([]string, len(corpus))
	for i, v := range corpus {
		if problems := unsafeContent(targets[i]); len(problems) > 0 {
			t.Errorf("%s %q left %v in %s", v.Category, v.Name, problems, targets[i].Get("innerHTML").String())
		}
		out[i] = targets[i].Get("innerHTML").String()
	}
	if after := snapshotDocument(); after != before {
		t.Errorf("the swaps changed the document outside their targets: before %+v, after %+v", before, after)
	}
	return out
}

// withSetHTML makes sure Element.prototype.setHTML exists: the browser's
// own if it has one, else a stand-in that parses without sanitizing, so
// that a sanitizer relying on it would fail the corpus.
func withSetHTML() (restore func()) {
	proto := js.Global().Get("Element").Get("prototype")
	if proto.Get("setHTML").Type() == js.TypeFunction {
		return func() {}
	}
	js.Global().Get("Object").Call("defineProperty", proto, "setHTML", map[string]any{
		"configurable": true, "writable": true,
		"value": js.Global().Get("Function").New("html", "this.innerHTML = html"),
	})
	return func() { proto.Delete("setHTML") }
}

// withoutSetHTML deletes Element.prototype.setHTML for the run.
func withoutSetHTML() (restore func()) {
	proto := js.Global().Get("Element").Get("prototype")
	d := js.Global().Get("Object").Call("getOwnPropertyDescriptor", proto, "setHTML")
	if d.IsUndefined() {
		return func() {}
	}
	proto.Delete("setHTML")
	return func() { js.Global().Get("Object").Call("defineProperty", proto, "setHTML", d) }
}
