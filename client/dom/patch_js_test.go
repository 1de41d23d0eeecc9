//go:build js && wasm

package dom

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// fixture puts markup into a fresh <div> in the test page's body and
// removes it when the test or benchmark ends.
func fixture(t testing.TB, markup string) js.Value {
	t.Helper()
	doc := js.Global().Get("document")
	div := doc.Call("createElement", "div")
	div.Set("innerHTML", markup)
	doc.Get("body").Call("appendChild", div)
	t.Cleanup(func() { div.Call("remove") })
	return div
}

// byID returns the element of the test page with id.
func byID(t *testing.T, id string) js.Value {
	t.Helper()
	el := js.Global().Get("document").Call("getElementById", id)
	if el.IsNull() {
		t.Fatalf("no element #%s", id)
	}
	return el
}

// patchJS patches root with data, given as JSON.
func patchJS(root js.Value, data string, opts PatchOptions) {
	Patch(root, []byte(data), opts)
}

// textOf is el.textContent, read the way a page script reads it.
func textOf(el js.Value) string { return el.Get("textContent").String() }

// attrOf returns el's attribute name through Element.prototype, which a
// named form control cannot shadow, or null.
func attrOf(el js.Value, name string) js.Value {
	return js.Global().Get("Element").Get("prototype").Get("getAttribute").Call("call", el, name)
}

// queryAll is document.querySelectorAll(selector).
func queryAll(selector string) js.Value {
	return js.Global().Get("document").Call("querySelectorAll", selector)
}

// eventLog records the detail.paths of every event called name that
// reaches target, until the test ends.
func eventLog(t *testing.T, target js.Value, name string) *[][]string {
	t.Helper()
	var got [][]string
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		paths := args[0].Get("detail").Get("applied")
		list := []string{}
		for i := 0; i < paths.Length(); i++ {
			list = append(list, paths.Index(i).String())
		}
		got = append(got, list)
		return nil
	})
	target.Call("addEventListener", name, f)
	t.Cleanup(func() {
		target.Call("removeEventListener", name, f)
		f.Release()
	})
	return &got
}

func TestPatchSurvivesClobberingMarkup(t *testing.T) {
	// Every input below shadows a DOM member of its form by name: form.closest
	// is an input, and so are form.getAttribute, form.tagName and the rest.
	const clobbers = `<input name="closest"><input name="getAttribute"><input name="setAttribute">` +
		`<input name="removeAttribute"><input name="hasAttribute"><input name="querySelectorAll">` +
		`<input name="dispatchEvent"><input name="tagName"><input name="parentElement">` +
		`<input name="textContent"><input name="contains"><input name="isConnected">` +
		`<input name="children"><input name="firstElementChild"><input name="nextElementSibling">` +
		`<input name="insertBefore"><input name="nextSibling"><input name="remove"><input name="attributes">`
	root := fixture(t, `<form id="f" s-bind="x:data-x">`+clobbers+`<b id="fb" s-bind="x"></b></form>`+
		`<form id="list" s-list="items"><template><p s-bind=".t"></p></template>`+clobbers+`</form>`)
	patched := eventLog(t, root, "silcrow:patched")

	patchJS(root, `{"x":"v","items":[{"key":"a","t":"A"},{"key":"b","t":"B"}]}`, PatchOptions{})

	form := byID(t, "f")
	if got := attrOf(form, "data-x"); got.IsNull() || got.String() != "v" {
		t.Errorf("form data-x = %v, want v", got)
	}
	if got := textOf(byID(t, "fb")); got != "v" {
		t.Errorf("text inside the form = %q, want v", got)
	}
	items := queryAll("#list > p[s-key]")
	if items.Length() != 2 || textOf(items.Index(0)) != "A" || textOf(items.Index(1)) != "B" {
		t.Errorf("list in a clobbered form has %d items, want A and B", items.Length())
	}
	if len(*patched) != 1 {
		t.Errorf("silcrow:patched fired %d times, want once", len(*patched))
	}

	// The form as the root itself, and as a root patched again.
	patchJS(form, `{"x":"w"}`, PatchOptions{})
	patchJS(form, `{"x":"z"}`, PatchOptions{Invalidate: true})
	if got := attrOf(form, "data-x").String(); got != "z" {
		t.Errorf("form as root: data-x = %q, want z", got)
	}
}

func TestPatchPrintsNumbersAsJavaScriptStringDoes(t *testing.T) {
	root := fixture(t, `<p s-bind="n"></p>`)
	p := root.Get("firstElementChild")
	for _, n := range []string{
		"0", "-0", "1", "-1", "100", "0.1", "0.30000000000000004", "1.5", "-2.75",
		"1e20", "1e21", "1.5e21", "-1e21", "123456789012345680000", "9007199254740993",
		"0.000001", "0.0000001", "1e-7", "1.5e-7", "-1.5e-10", "123e-20", "0.1e1",
		"5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "1e400", "-1e400",
		"true", "false", `"text"`, "[1,[2,null],true]", "[]", `{"a":1}`,
	} {
		data := `{"n":` + n + `}`
		want := js.Global().Call("String", js.Global().Get("JSON").Call("parse", data).Get("n")).String()

		patchJS(root, data, PatchOptions{})

		if got := textOf(p); got != want {
			t.Errorf("%s printed %q, String() gives %q", n, got, want)
		}
	}
}

func TestPatchLeavesInheritedNamesAloneInTheBrowser(t *testing.T) {
	root := fixture(t, `<p s-bind="toString">keep</p><p s-bind="constructor">keep</p>`+
		`<p s-bind="valueOf">keep</p><p s-bind="__proto__">keep</p><p s-bind="s.length">keep</p>`+
		`<p s-bind="a.length">keep</p><p s-bind="s.toString:title">keep</p>`)
	seen := observe(t, root)

	patchJS(root, `{"s":"abc","a":[1,2],"constructor":"c","__proto__":"p"}`, PatchOptions{})

	if got := textOf(root); got != strings.Repeat("keep", 7) {
		t.Errorf("texts = %q, want every element untouched", got)
	}
	if m := seen(); m != (mutations{}) {
		t.Errorf("mutations: %+v, want none", m)
	}
}

func TestPatchGoesOnPastAnInvalidAttributeName(t *testing.T) {
	captureWarnings(t)
	root := fixture(t, `<p s-bind="x:"></p><p s-bind="x:a b"></p><p s-bind="x:1a"></p><p s-bind="x:a=b"></p>`+
		`<p id="text" s-bind="x"></p><p id="attr" s-bind="y:data-y"></p>`+
		`<ul id="l" s-list="items"><template><li s-bind=".t"></li></template></ul>`)
	patched := eventLog(t, root, "silcrow:patched")

	patchJS(root, `{"x":"v","y":"w","items":[{"key":"k","t":"T"}]}`, PatchOptions{})

	if got := textOf(byID(t, "text")); got != "v" {
		t.Errorf("text = %q, want v", got)
	}
	if got := attrOf(byID(t, "attr"), "data-y"); got.IsNull() || got.String() != "w" {
		t.Errorf("data-y = %v, want w", got)
	}
	if got := textOf(byID(t, "l")); got != "T" {
		t.Errorf("list text = %q, want T", got)
	}
	if len(*patched) != 1 || strings.Join((*patched)[0], " ") != "x y items" {
		t.Errorf("silcrow:patched paths = %q, want one event with x y items", *patched)
	}
}

func TestPatchOptions(t *testing.T) {
	root := fixture(t, `<p s-bind="n"></p>`)
	patched := eventLog(t, root, "silcrow:patched")

	patchJS(root, `{"n":1}`, PatchOptions{})
	root.Call("insertAdjacentHTML", "beforeend", `<b s-bind="n"></b>`)
	patchJS(root, `{"n":2}`, PatchOptions{Silent: true})
	if got := textOf(root); got != "2" {
		t.Errorf("before invalidating: %q, want 2 and the new element unseen", got)
	}
	patchJS(root, `{"n":3}`, PatchOptions{Invalidate: true})
	if got := textOf(root); got != "33" {
		t.Errorf("after {invalidate: true}: %q, want 33", got)
	}
	if len(*patched) != 2 {
		t.Errorf("silcrow:patched fired %d times, want 2 (one patch was silent)", len(*patched))
	}
}

func TestPatchRestoresWhatPageCodeChangedInTheBrowser(t *testing.T) {
	root := fixture(t, `<p id="status" s-bind="status">connecting…</p>`+
		`<a id="link" s-bind="tip:title"><span s-bind="url:data-url"></span></a>`+
		`<a id="nav" s-bind="url:href">home</a><button id="off" s-bind="off:disabled"></button>`)
	status, link, nav, off := byID(t, "status"), byID(t, "link"), byID(t, "nav"), byID(t, "off")
	const data = `{"status":"connected","tip":"saved","url":"/home","off":true}`
	patchJS(root, data, PatchOptions{})
	seen := observe(t, root)

	// The same data again finds every element showing it, href included,
	// although nav.href reads back as an absolute URL.
	patchJS(root, data, PatchOptions{})
	if m := seen(); m != (mutations{}) {
		t.Fatalf("the same data again: mutations %+v, want none", m)
	}

	// Page code writes into the bound elements, as the demo page does on
	// silcrow:live:disconnect.
	status.Set("textContent", "reconnecting in 1 s…")
	link.Call("setAttribute", "title", "saving…")
	nav.Call("setAttribute", "href", "/elsewhere")
	off.Set("disabled", false)
	seen()
	patchJS(root, data, PatchOptions{})

	if got := textOf(status); got != "connected" {
		t.Errorf("status = %q, want connected", got)
	}
	if got := attrOf(link, "title"); got.IsNull() || got.String() != "saved" {
		t.Errorf("title = %v, want saved", got)
	}
	if got := attrOf(nav, "href"); got.IsNull() || got.String() != "/home" {
		t.Errorf("href = %v, want /home", got)
	}
	if !off.Get("disabled").Bool() {
		t.Error("disabled = false, want true")
	}
	// Four elements changed: one text and three attributes (href and
	// disabled reflect theirs) written back; data-url untouched.
	if m := seen(); m.texts != 1 || m.attributes != 3 {
		t.Errorf("restoring: mutations %+v, want 1 text write and 3 attribute changes", m)
	}
}

// Page code that changes nothing but a bound attribute is seen too: the
// loader watches the attribute names bindings write.
func TestPatchRestoresAnAttributeAlonePageCodeChanged(t *testing.T) {
	root := fixture(t, `<span id="alone" s-bind="tip:data-Tip"></span><svg><rect id="box" s-bind="w:viewBox"></rect></svg>`)
	alone, box := byID(t, "alone"), byID(t, "box")
	const data = `{"tip":"saved","w":"0 0 1 1"}`
	patchJS(root, data, PatchOptions{})
	alone.Call("setAttribute", "data-tip", "edited")
	box.Call("setAttribute", "viewBox", "edited")
	patchJS(root, data, PatchOptions{})
	if got := attrOf(alone, "data-tip").String(); got != "saved" {
		t.Errorf("data-tip = %q after the page changed it, want saved", got)
	}
	if got := attrOf(box, "viewBox").String(); got != "0 0 1 1" {
		t.Errorf("viewBox = %q after the page changed it, want 0 0 1 1", got)
	}
}

// A listener of silcrow:patched runs while the patch's commands are
// applied; what it writes into a bound element is page code's, and the
// same data again puts the value back. So is a swap into a bound
// element.
func TestPatchRestoresWhatAListenerOrASwapChanged(t *testing.T) {
	root := fixture(t, `<p id="said" s-bind="msg"></p><span id="tipped" s-bind="tip:title"></span>`)
	said, tipped := byID(t, "said"), byID(t, "tipped")
	const data = `{"msg":"hello","tip":"saved"}`
	edit := js.FuncOf(func(js.Value, []js.Value) any {
		said.Set("textContent", "edited by a listener")
		tipped.Call("setAttribute", "title", "edited by a listener")
		return nil
	})
	defer edit.Release()
	root.Call("addEventListener", "silcrow:patched", edit)
	patchJS(root, data, PatchOptions{})
	root.Call("removeEventListener", "silcrow:patched", edit)
	if textOf(said) != "edited by a listener" {
		t.Fatalf("text = %q: the listener did not run after the write", textOf(said))
	}

	patchJS(root, data, PatchOptions{})
	if got, title := textOf(said), attrOf(tipped, "title").String(); got != "hello" || title != "saved" {
		t.Errorf("after the listener's edit, the same data again: text %q, title %q; want hello and saved", got, title)
	}

	for _, swap := range []struct {
		name string
		do   func() error
	}{
		{"a swap by the turn's commands", func() (err error) {
			bridge.Turn(func() { err = SwapNode(bridge.HandleOf(said), "<b>swapped</b>", frame.Inner) })
			return err
		}},
		{"a swap through the DOM", func() error { return Swap(said, "<b>swapped</b>", frame.Inner) }},
	} {
		if err := swap.do(); err != nil {
			t.Fatal(err)
		}
		if textOf(said) != "swapped" {
			t.Fatalf("%s: text %q, want swapped", swap.name, textOf(said))
		}
		patchJS(root, data, PatchOptions{})
		if got := textOf(said); got != "hello" {
			t.Errorf("after %s into the bound element, the same data again: text %q, want hello", swap.name, got)
		}
	}
}

// A text binding written again changes the data of the Text node its last
// write left, so the node stays the same and no childList mutation is
// made; when page code has changed the element's children since, or the
// last text was empty, the write replaces the children through textContent
// and the element shows exactly the value.
func TestTextWritesReuseTheTextNodeOnlyWhileItIsTheOnlyChild(t *testing.T) {
	root := fixture(t, `<p id="tn" s-bind="msg">old</p>`)
	p := byID(t, "tn")
	only := func(want string) {
		t.Helper()
		if got := textOf(p); got != want {
			t.Fatalf("text = %q, want %q", got, want)
		}
		if n := p.Get("childNodes").Length(); want != "" && n != 1 {
			t.Fatalf("%d child nodes after writing %q, want 1", n, want)
		}
	}
	patchJS(root, `{"msg":"one"}`, PatchOptions{})
	only("one")
	first := p.Get("firstChild")
	patchJS(root, `{"msg":"two"}`, PatchOptions{})
	only("two")
	if !p.Get("firstChild").Equal(first) {
		t.Error("the second write replaced the Text node; want its data changed")
	}

	b := js.Global().Get("document").Call("createElement", "b")
	b.Set("textContent", "page")
	p.Call("appendChild", b)
	patchJS(root, `{"msg":"three"}`, PatchOptions{})
	only("three")

	p.Get("firstChild").Set("data", "edited by the page")
	p.Call("insertBefore", js.Global().Get("document").Call("createTextNode", "more "), p.Get("firstChild"))
	patchJS(root, `{"msg":"four"}`, PatchOptions{})
	only("four")

	p.Set("textContent", "replaced by the page")
	patchJS(root, `{"msg":"five"}`, PatchOptions{})
	only("five")

	patchJS(root, `{"msg":""}`, PatchOptions{})
	only("")
	patchJS(root, `{"msg":"six"}`, PatchOptions{})
	only("six")
}

// The detail of silcrow:patched is frozen, its arrays included, and is
// one object for the events that carry the same paths. Its paths are every
// bound path of the root, as Silcrow.js lists them; applied are those the
// patch applied.
func TestPatchedDetailIsFrozenAndSharedBySamePaths(t *testing.T) {
	root := fixture(t, `<p s-bind="a"></p><p s-bind="b"></p>`)
	var details []js.Value
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		details = append(details, args[0].Get("detail"))
		return nil
	})
	defer f.Release()
	root.Call("addEventListener", "silcrow:patched", f)
	defer root.Call("removeEventListener", "silcrow:patched", f)

	patchJS(root, `{"a":1}`, PatchOptions{})
	patchJS(root, `{"a":2}`, PatchOptions{})
	patchJS(root, `{"a":3,"b":4}`, PatchOptions{})
	if len(details) != 3 {
		t.Fatalf("%d silcrow:patched events, want 3", len(details))
	}
	isFrozen := js.Global().Get("Object").Get("isFrozen")
	for i, d := range details {
		if !isFrozen.Invoke(d).Bool() || !isFrozen.Invoke(d.Get("paths")).Bool() || !isFrozen.Invoke(d.Get("applied")).Bool() {
			t.Errorf("event %d: detail or its paths is not frozen", i)
		}
	}
	if !details[0].Equal(details[1]) {
		t.Error("two events with paths [a] carry different detail objects")
	}
	stringify := js.Global().Get("JSON").Get("stringify")
	for i, want := range []string{
		`{"paths":["a","b"],"applied":["a"]}`,
		`{"paths":["a","b"],"applied":["a"]}`,
		`{"paths":["a","b"],"applied":["a","b"]}`,
	} {
		if got := stringify.Invoke(details[i]).String(); got != want {
			t.Errorf("event %d's detail = %s, want %s", i, got, want)
		}
	}
}
