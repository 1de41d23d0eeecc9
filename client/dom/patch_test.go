package dom

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestPatchWritesEveryKindOfBinding(t *testing.T) {
	status := bound("P", "status")
	status.text = "connecting…"
	email := bound("INPUT", "user.email:value")
	agreed := bound("INPUT", "agreed:checked")
	tip := bound("SPAN", "tip:title")
	hidden := elem("DIV", "s-bind", "gone:hidden", "hidden", "")
	root := elem("DIV").with(status, email, agreed, tip, hidden)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"status":"connected","user":{"email":"a@b.c"},"agreed":1,"tip":0,"gone":false}`, PatchOptions{})

	if status.text != "connected" {
		t.Errorf("text = %q, want connected", status.text)
	}
	if email.props["value"] != "a@b.c" {
		t.Errorf("value = %#v, want a@b.c", email.props["value"])
	}
	if agreed.props["checked"] != true {
		t.Errorf("checked = %#v, want true", agreed.props["checked"])
	}
	if tip.attrs["title"] != "0" {
		t.Errorf("title = %q, want 0", tip.attrs["title"])
	}
	if hidden.attrs["hidden"] != "false" {
		t.Errorf(`hidden = %q after false; want "false", String(false) as Silcrow.js writes it`, hidden.attrs["hidden"])
	}
	want := [][]string{{"status", "user.email", "agreed", "tip", "gone"}}
	if got := doc.applied("silcrow:patched"); !reflect.DeepEqual(got, want) {
		t.Errorf("silcrow:patched paths = %q, want %q", got, want)
	}
}

func TestPatchBindsTheRootItself(t *testing.T) {
	root := bound("P", "status")
	doc := newFakeDOM()

	doc.patchJSON(root, `{"status":"connected"}`, PatchOptions{})

	if root.text != "connected" {
		t.Errorf("root text = %q, want connected", root.text)
	}
}

func TestPatchLeavesPathsAbsentFromTheDataAlone(t *testing.T) {
	kept := bound("P", "other")
	kept.text = "old"
	cleared := bound("P", "count")
	cleared.text = "old"
	root := elem("DIV").with(kept, cleared)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"count":null}`, PatchOptions{})

	if kept.text != "old" {
		t.Errorf("absent path changed text to %q", kept.text)
	}
	if cleared.text != "" {
		t.Errorf("null left text %q, want empty", cleared.text)
	}
	if want := [][]string{{"count"}}; !reflect.DeepEqual(doc.applied("silcrow:patched"), want) {
		t.Errorf("silcrow:patched applied = %q, want %q", doc.applied("silcrow:patched"), want)
	}
	// Its paths are every bound path, as Silcrow.js lists them.
	if want := [][]string{{"other", "count"}}; !reflect.DeepEqual(doc.bound("silcrow:patched"), want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.bound("silcrow:patched"), want)
	}
}

func TestPatchResolvesAPathOnceForAllItsElements(t *testing.T) {
	a := bound("P", "n")
	b := bound("INPUT", "n:value")
	root := elem("DIV").with(a, b)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"n":1e21}`, PatchOptions{})

	if a.text != "1e+21" || b.props["value"] != "1e+21" {
		t.Errorf("text %q, value %#v; want both 1e+21", a.text, b.props["value"])
	}
	if want := [][]string{{"n"}}; !reflect.DeepEqual(doc.applied("silcrow:patched"), want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.applied("silcrow:patched"), want)
	}
}

func TestPatchSkipsAFailingBindingAndGoesOn(t *testing.T) {
	warnings := captureWarnings(t)
	broken := bound("INPUT", "v:value")
	broken.fail = errors.New("InvalidStateError")
	sibling := bound("P", "v")
	later := bound("P", "w")
	root := elem("DIV").with(broken, sibling, later)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"v":"x","w":"y"}`, PatchOptions{})

	if sibling.text != "x" || later.text != "y" {
		t.Errorf("texts after a failure = %q, %q; want x, y", sibling.text, later.text)
	}
	if want := [][]string{{"v", "w"}}; !reflect.DeepEqual(doc.applied("silcrow:patched"), want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.applied("silcrow:patched"), want)
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "InvalidStateError") {
		t.Errorf("warnings = %q, want one naming the failure", *warnings)
	}
}

func TestPatchRefusesUnsafeURLsAndGoesOn(t *testing.T) {
	warnings := captureWarnings(t)
	link := bound("A", "url:href")
	link.props = map[string]any{"href": "/safe"}
	label := bound("P", "label")
	root := elem("DIV").with(link, label)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"url":"javascript:alert(1)","label":"ok"}`, PatchOptions{})

	// The refused URL clears the binding, as Silcrow.js does: the old
	// link is not left in place.
	if link.props["href"] != "" {
		t.Errorf("href = %#v, want it cleared", link.props["href"])
	}
	if label.text != "ok" {
		t.Errorf("text = %q, want ok", label.text)
	}
	if want := [][]string{{"label"}}; !reflect.DeepEqual(doc.applied("silcrow:patched"), want) {
		t.Errorf("silcrow:patched paths = %q, want %q: a refused path was not applied", doc.applied("silcrow:patched"), want)
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "unsafe URL") {
		t.Errorf("warnings = %q, want one about the unsafe URL", *warnings)
	}
}

func TestPatchSkipsBindingsThatCanNeverApply(t *testing.T) {
	warnings := captureWarnings(t)
	good := bound("P", "x")
	refused := []*fakeElement{
		bound("P", "x:"),
		bound("P", "x:a b"),
		bound("P", "a..b"),
		bound("BUTTON", "x:onclick"),
		bound("IFRAME", "x:srcdoc"),
		bound("SCRIPT", "x"),
		bound("P", ".x"),
	}
	root := elem("DIV").with(refused...).with(good)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"x":"v","a":{"b":"v"}}`, PatchOptions{})

	if good.text != "v" {
		t.Errorf("valid binding text = %q, want v", good.text)
	}
	for _, el := range refused {
		if el.text != "" || el.props != nil || len(el.attrs) != 1 {
			t.Errorf("s-bind=%q on <%s> was written", el.attrs["s-bind"], el.tag)
		}
	}
	if len(*warnings) != len(refused) {
		t.Errorf("got %d warnings, want %d: %q", len(*warnings), len(refused), *warnings)
	}
	if want := [][]string{{"x"}}; !reflect.DeepEqual(doc.applied("silcrow:patched"), want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.applied("silcrow:patched"), want)
	}
}

func TestPatchLeavesInheritedNamesAlone(t *testing.T) {
	var els []*fakeElement
	for _, path := range []string{"toString", "constructor", "__proto__", "prototype", "valueOf", "s.length", "a.length", "hasOwnProperty"} {
		el := bound("P", path)
		el.text = "untouched"
		els = append(els, el)
	}
	root := elem("DIV").with(els...)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"s":"abc","a":[1,2],"constructor":"c","__proto__":"p","prototype":"q"}`, PatchOptions{})

	for _, el := range els {
		if el.text != "untouched" {
			t.Errorf("s-bind=%q printed %q", el.attrs["s-bind"], el.text)
		}
	}
	if doc.writes != 0 {
		t.Errorf("%d writes, want none", doc.writes)
	}
}

func TestPatchScansOnceUntilInvalidated(t *testing.T) {
	first := bound("P", "n")
	root := elem("DIV").with(first)
	doc := newFakeDOM()
	engine := engineFor(doc)

	engine.patch(root, []byte(`{"n":1}`), PatchOptions{})
	added := bound("P", "n")
	root.with(added)
	engine.patch(root, []byte(`{"n":2}`), PatchOptions{})
	if doc.scans != 1 || added.text != "" {
		t.Fatalf("after two patches: %d scans, new element text %q; want 1 scan, untouched", doc.scans, added.text)
	}

	engine.patch(root, []byte(`{"n":3}`), PatchOptions{Invalidate: true})
	if doc.scans != 2 || added.text != "3" {
		t.Errorf("after {invalidate: true}: %d scans, new element text %q; want 2, 3", doc.scans, added.text)
	}

	doc.uncache(root)
	engine.patch(root, []byte(`{"n":4}`), PatchOptions{})
	if doc.scans != 3 || first.text != "4" {
		t.Errorf("after invalidate: %d scans, text %q; want 3, 4", doc.scans, first.text)
	}
}

func TestPatchWritesOnlyWhatChanged(t *testing.T) {
	text := bound("P", "t")
	attr := bound("P", "t:title")
	input := bound("INPUT", "t:value")
	root := elem("DIV").with(text, attr, input)
	doc := newFakeDOM()
	engine := engineFor(doc)

	engine.patch(root, []byte(`{"t":"a"}`), PatchOptions{})
	if doc.writes != 3 {
		t.Fatalf("first patch made %d writes, want 3", doc.writes)
	}
	// The user types into the input; the same data again must put "a"
	// back there, and leave the text and the attribute alone.
	input.props["value"] = "typed"
	engine.patch(root, []byte(`{"t":"a"}`), PatchOptions{})
	if doc.writes != 4 || input.props["value"] != "a" {
		t.Errorf("same data again: %d writes in all and value %q; want 4 and a (only the live property rewritten)", doc.writes, input.props["value"])
	}
	// 1 and "1" print the same, so the text needs no write.
	engine.patch(root, []byte(`{"t":"1"}`), PatchOptions{})
	engine.patch(root, []byte(`{"t":1}`), PatchOptions{})
	if doc.writes != 4+3+1 {
		t.Errorf("after \"1\" then 1: %d writes in all, want %d", doc.writes, 4+3+1)
	}
	if want := []string{"t"}; !reflect.DeepEqual(doc.applied("silcrow:patched")[3], want) {
		t.Errorf("a patch that needed no text write still applied %q, want %q", doc.applied("silcrow:patched")[3], want)
	}
	// A rebuilt map knows nothing of earlier writes.
	engine.patch(root, []byte(`{"t":1}`), PatchOptions{Invalidate: true})
	if doc.writes != 8+3 {
		t.Errorf("after {invalidate: true}: %d writes in all, want %d", doc.writes, 8+3)
	}
}

func TestPatchRestoresWhatPageCodeChanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		bind string
		data string
		// change is what page code does to the element after the first
		// patch; shown reads what the element shows.
		change func(*fakeElement)
		shown  func(*fakeElement) any
		want   any
	}{
		{"text", "status", `{"status":"connected"}`,
			func(e *fakeElement) { e.text = "reconnecting in 1 s…" },
			func(e *fakeElement) any { return e.text }, "connected"},
		{"attribute set", "tip:title", `{"tip":"saved"}`,
			func(e *fakeElement) { e.attrs["title"] = "saving…" },
			func(e *fakeElement) any { return e.attrs["title"] }, "saved"},
		{"attribute removed", "tip:title", `{"tip":"saved"}`,
			func(e *fakeElement) { delete(e.attrs, "title") },
			func(e *fakeElement) any { return e.attrs["title"] }, "saved"},
		{"attribute added where the binding removes it", "busy:aria-busy", `{"busy":null}`,
			func(e *fakeElement) { e.attrs["aria-busy"] = "true" },
			func(e *fakeElement) any { _, ok := e.attrs["aria-busy"]; return ok }, false},
		{"property", "off:disabled", `{"off":true}`,
			func(e *fakeElement) { e.props["disabled"] = false },
			func(e *fakeElement) any { return e.props["disabled"] }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			el := bound("BUTTON", tc.bind)
			root := elem("DIV").with(el)
			doc := newFakeDOM()
			engine := engineFor(doc)
			engine.patch(root, []byte(tc.data), PatchOptions{})
			engine.patch(root, []byte(tc.data), PatchOptions{})
			if doc.writes != 1 {
				t.Fatalf("the same data twice made %d writes, want 1: an unchanged binding is skipped", doc.writes)
			}

			tc.change(el)
			engine.patch(root, []byte(tc.data), PatchOptions{})

			if got := tc.shown(el); got != tc.want {
				t.Errorf("after page code changed it and the same data came again: %#v, want %#v", got, tc.want)
			}
			if doc.writes != 2 {
				t.Errorf("%d writes in all, want 2: the changed binding written once more", doc.writes)
			}
		})
	}
}

// While nothing but the engine changes the page, an unchanged text or
// attribute is known to show its value and is not read; a property is
// read, since page code can set one without a trace. Any change from
// outside makes the next patch read every binding once.
func TestPatchReadsNothingWhileOnlyTheEngineChangedThePage(t *testing.T) {
	status := bound("P", "status")
	tip := bound("SPAN", "tip:title")
	off := bound("BUTTON", "off:disabled")
	root, container := todoList()
	root.with(status, tip, off)
	doc := newFakeDOM()
	engine := engineFor(doc)
	data := []byte(`{"status":"connected","tip":"saved","off":true,"todos":[{"key":"a","title":"A"},{"key":"b","title":"B"}]}`)

	engine.patch(root, data, PatchOptions{})
	if doc.writes != 5 || doc.reads != 0 {
		t.Fatalf("first patch: %d writes, %d reads; want 5 writes (two titles, text, attribute, property), no read", doc.writes, doc.reads)
	}
	engine.patch(root, data, PatchOptions{})
	if doc.writes != 5 || doc.reads != 1 {
		t.Fatalf("the same data again: %d writes and %d reads in all, want no new write and one read (the property)", doc.writes, doc.reads)
	}

	// Page code edits one title.
	itemNodes(container)["b"].children[0].text = "edited"
	engine.patch(root, data, PatchOptions{})
	if got := itemNodes(container)["b"].children[0].text; got != "B" {
		t.Errorf("title b = %q after the page edited it and the same data came; want B", got)
	}
	if doc.writes != 6 || doc.reads != 1+5 {
		t.Errorf("after the page's edit: %d writes and %d reads in all, want 6 (the title written back) and 6 (all five read once)", doc.writes, doc.reads)
	}

	engine.patch(root, data, PatchOptions{})
	if doc.writes != 6 || doc.reads != 6+1 {
		t.Errorf("once more: %d writes and %d reads in all, want 6 and 7: only the property read again", doc.writes, doc.reads)
	}
}

func TestPatchStartedDuringAPatchWaitsForIt(t *testing.T) {
	first := bound("P", "a")
	second := bound("P", "b")
	root := elem("DIV").with(first, second)
	doc := newFakeDOM()
	engine := engineFor(doc)
	var order []string
	// A custom element's callback that patches while the engine is
	// writing to it.
	first.onSet = func() {
		first.onSet = nil
		engine.patch(root, []byte(`{"b":"nested"}`), PatchOptions{})
		order = append(order, "callback returned, b="+second.text)
	}

	engine.patch(root, []byte(`{"a":"outer","b":"outer"}`), PatchOptions{})

	if second.text != "nested" {
		t.Errorf("b = %q, want the nested patch applied last", second.text)
	}
	if want := []string{"callback returned, b="}; !reflect.DeepEqual(order, want) {
		t.Errorf("order = %q, want %q: the nested patch must wait for the outer one", order, want)
	}
	if got := doc.applied("silcrow:patched"); len(got) != 2 {
		t.Errorf("silcrow:patched fired %d times, want 2", len(got))
	}
}

func TestPatchSilentFiresNoEvent(t *testing.T) {
	el := bound("P", "n")
	doc := newFakeDOM()

	doc.patchJSON(elem("DIV").with(el), `{"n":1}`, PatchOptions{Silent: true})

	if el.text != "1" {
		t.Errorf("text = %q, want 1", el.text)
	}
	if len(doc.events) != 0 {
		t.Errorf("silent patch fired %v", doc.events)
	}
}

func TestPatchFiresTheEventWhenNothingApplies(t *testing.T) {
	doc := newFakeDOM()

	doc.patchJSON(elem("DIV").with(bound("P", "n")), `{"other":1}`, PatchOptions{})

	if want := [][]string{{}}; !reflect.DeepEqual(doc.applied("silcrow:patched"), want) {
		t.Errorf("silcrow:patched paths = %q, want one event with no paths", doc.applied("silcrow:patched"))
	}
}

func TestPatchIgnoresDataThatIsNotOneJSONValue(t *testing.T) {
	for _, data := range []string{``, `{"n":1`, `{"n":1} {"n":2}`, `{"n":1} x`, `nul`, `{'n':1}`} {
		t.Run(data, func(t *testing.T) {
			warnings := captureWarnings(t)
			el := bound("P", "n")
			el.text = "old"
			doc := newFakeDOM()

			doc.patchJSON(elem("DIV").with(el), data, PatchOptions{})

			if el.text != "old" || len(doc.events) != 0 {
				t.Errorf("undecodable data: text %q, events %v; want old, none", el.text, doc.events)
			}
			if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "data is not JSON") {
				t.Errorf("warnings = %q, want one saying the data is not JSON", *warnings)
			}
		})
	}
}
