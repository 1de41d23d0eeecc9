package dom

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// fakeElement is an element of fakeDOM: what the scan sees and what the
// binding engine writes.
type fakeElement struct {
	tag, bind string
	inList    bool
	text      string
	props     map[string]any
	attrs     map[string]string
	// fail, when set, is what writing to this element returns, as a
	// throwing setter or setAttribute would in the browser.
	fail error
}

// fakeDOM is a bindingDOM whose root holds elements, in document order.
type fakeDOM struct {
	elements []*fakeElement
	scans    int
	events   [][]string
	maps     map[*fakeElement]*bindingMap[*fakeElement]
}

func newFakeDOM(elements ...*fakeElement) *fakeDOM {
	return &fakeDOM{elements: elements, maps: map[*fakeElement]*bindingMap[*fakeElement]{}}
}

func (d *fakeDOM) scan(*fakeElement) []bindCandidate[*fakeElement] {
	d.scans++
	var found []bindCandidate[*fakeElement]
	for _, el := range d.elements {
		found = append(found, bindCandidate[*fakeElement]{el: el, tag: el.tag, attr: el.bind, inList: el.inList})
	}
	return found
}

func (d *fakeDOM) set(el *fakeElement, a bindAction) error {
	if el.fail != nil {
		return el.fail
	}
	switch a.op {
	case writeText:
		el.text = a.value.(string)
	case writeProperty:
		if el.props == nil {
			el.props = map[string]any{}
		}
		el.props[a.name] = a.value
	case writeAttribute:
		if el.attrs == nil {
			el.attrs = map[string]string{}
		}
		el.attrs[a.name] = a.value.(string)
	case removeAttr:
		delete(el.attrs, a.name)
	}
	return nil
}

func (d *fakeDOM) patched(_ *fakeElement, paths []string) { d.events = append(d.events, paths) }

func (d *fakeDOM) cached(root *fakeElement) (*bindingMap[*fakeElement], bool) {
	m, ok := d.maps[root]
	return m, ok
}

func (d *fakeDOM) cache(root *fakeElement, m *bindingMap[*fakeElement]) { d.maps[root] = m }

func (d *fakeDOM) uncache(root *fakeElement) { delete(d.maps, root) }

var fakeRoot = &fakeElement{tag: "DIV"}

func TestPatchWritesEveryKindOfBinding(t *testing.T) {
	status := &fakeElement{tag: "P", bind: "status", text: "connecting…"}
	email := &fakeElement{tag: "INPUT", bind: "user.email:value"}
	agreed := &fakeElement{tag: "INPUT", bind: "agreed:checked"}
	tip := &fakeElement{tag: "SPAN", bind: "tip:title"}
	hidden := &fakeElement{tag: "DIV", bind: "gone:hidden", attrs: map[string]string{"hidden": ""}}
	doc := newFakeDOM(status, email, agreed, tip, hidden)

	patchRoot(doc, fakeRoot, []byte(`{"status":"connected","user":{"email":"a@b.c"},"agreed":1,"tip":0,"gone":false}`), PatchOptions{})

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
	if _, ok := hidden.attrs["hidden"]; ok {
		t.Error("hidden attribute still present after false")
	}
	want := [][]string{{"status", "user.email", "agreed", "tip", "gone"}}
	if !reflect.DeepEqual(doc.events, want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.events, want)
	}
}

func TestPatchLeavesPathsAbsentFromTheDataAlone(t *testing.T) {
	kept := &fakeElement{tag: "P", bind: "other", text: "old"}
	cleared := &fakeElement{tag: "P", bind: "count", text: "old"}
	doc := newFakeDOM(kept, cleared)

	patchRoot(doc, fakeRoot, []byte(`{"count":null}`), PatchOptions{})

	if kept.text != "old" {
		t.Errorf("absent path changed text to %q", kept.text)
	}
	if cleared.text != "" {
		t.Errorf("null left text %q, want empty", cleared.text)
	}
	if want := [][]string{{"count"}}; !reflect.DeepEqual(doc.events, want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.events, want)
	}
}

func TestPatchResolvesAPathOnceForAllItsElements(t *testing.T) {
	a := &fakeElement{tag: "P", bind: "n"}
	b := &fakeElement{tag: "INPUT", bind: "n:value"}
	doc := newFakeDOM(a, b)

	patchRoot(doc, fakeRoot, []byte(`{"n":1e21}`), PatchOptions{})

	if a.text != "1e+21" || b.props["value"] != "1e+21" {
		t.Errorf("text %q, value %#v; want both 1e+21", a.text, b.props["value"])
	}
	if want := [][]string{{"n"}}; !reflect.DeepEqual(doc.events, want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.events, want)
	}
}

func TestPatchSkipsAFailingBindingAndGoesOn(t *testing.T) {
	warnings := captureWarnings(t)
	broken := &fakeElement{tag: "INPUT", bind: "v:value", fail: errors.New("InvalidStateError")}
	sibling := &fakeElement{tag: "P", bind: "v"}
	later := &fakeElement{tag: "P", bind: "w"}
	doc := newFakeDOM(broken, sibling, later)

	patchRoot(doc, fakeRoot, []byte(`{"v":"x","w":"y"}`), PatchOptions{})

	if sibling.text != "x" || later.text != "y" {
		t.Errorf("texts after a failure = %q, %q; want x, y", sibling.text, later.text)
	}
	if want := [][]string{{"v", "w"}}; !reflect.DeepEqual(doc.events, want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.events, want)
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "InvalidStateError") {
		t.Errorf("warnings = %q, want one naming the failure", *warnings)
	}
}

func TestPatchRefusesUnsafeURLsAndGoesOn(t *testing.T) {
	warnings := captureWarnings(t)
	link := &fakeElement{tag: "A", bind: "url:href", props: map[string]any{"href": "/safe"}}
	label := &fakeElement{tag: "P", bind: "label"}
	doc := newFakeDOM(link, label)

	patchRoot(doc, fakeRoot, []byte(`{"url":"javascript:alert(1)","label":"ok"}`), PatchOptions{})

	if link.props["href"] != "/safe" {
		t.Errorf("href = %#v, want it left at /safe", link.props["href"])
	}
	if label.text != "ok" {
		t.Errorf("text = %q, want ok", label.text)
	}
	if want := [][]string{{"label"}}; !reflect.DeepEqual(doc.events, want) {
		t.Errorf("silcrow:patched paths = %q, want %q: a refused path was not applied", doc.events, want)
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "unsafe URL") {
		t.Errorf("warnings = %q, want one about the unsafe URL", *warnings)
	}
}

func TestPatchSkipsBindingsThatCanNeverApply(t *testing.T) {
	warnings := captureWarnings(t)
	good := &fakeElement{tag: "P", bind: "x"}
	doc := newFakeDOM(
		&fakeElement{tag: "P", bind: "x:"},
		&fakeElement{tag: "P", bind: "x:a b"},
		&fakeElement{tag: "P", bind: "a..b"},
		&fakeElement{tag: "BUTTON", bind: "x:onclick"},
		&fakeElement{tag: "IFRAME", bind: "x:srcdoc"},
		&fakeElement{tag: "SCRIPT", bind: "x"},
		&fakeElement{tag: "P", bind: ".x"},
		good,
	)

	patchRoot(doc, fakeRoot, []byte(`{"x":"v","a":{"b":"v"}}`), PatchOptions{})

	if good.text != "v" {
		t.Errorf("valid binding text = %q, want v", good.text)
	}
	for _, el := range doc.elements[:len(doc.elements)-1] {
		if el.text != "" || el.props != nil || el.attrs != nil {
			t.Errorf("s-bind=%q on <%s> was written", el.bind, el.tag)
		}
	}
	if len(*warnings) != 7 {
		t.Errorf("got %d warnings, want 7: %q", len(*warnings), *warnings)
	}
	if want := [][]string{{"x"}}; !reflect.DeepEqual(doc.events, want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.events, want)
	}
}

func TestPatchLeavesLocalPathsInsideListsToTheList(t *testing.T) {
	warnings := captureWarnings(t)
	item := &fakeElement{tag: "LI", bind: ".title", inList: true}
	shared := &fakeElement{tag: "SPAN", bind: "title", inList: true}
	doc := newFakeDOM(item, shared)

	patchRoot(doc, fakeRoot, []byte(`{"title":"t"}`), PatchOptions{})

	if item.text != "" {
		t.Errorf("local binding written from root data: %q", item.text)
	}
	if shared.text != "t" {
		t.Errorf("root binding inside a list = %q, want t", shared.text)
	}
	if len(*warnings) != 0 {
		t.Errorf("warnings = %q, want none", *warnings)
	}
}

func TestPatchScansOnceUntilInvalidated(t *testing.T) {
	first := &fakeElement{tag: "P", bind: "n"}
	doc := newFakeDOM(first)

	patchRoot(doc, fakeRoot, []byte(`{"n":1}`), PatchOptions{})
	added := &fakeElement{tag: "P", bind: "n"}
	doc.elements = append(doc.elements, added)
	patchRoot(doc, fakeRoot, []byte(`{"n":2}`), PatchOptions{})
	if doc.scans != 1 || added.text != "" {
		t.Fatalf("after two patches: %d scans, new element text %q; want 1 scan, untouched", doc.scans, added.text)
	}

	patchRoot(doc, fakeRoot, []byte(`{"n":3}`), PatchOptions{Invalidate: true})
	if doc.scans != 2 || added.text != "3" {
		t.Errorf("after {invalidate: true}: %d scans, new element text %q; want 2, 3", doc.scans, added.text)
	}

	doc.uncache(fakeRoot)
	patchRoot(doc, fakeRoot, []byte(`{"n":4}`), PatchOptions{})
	if doc.scans != 3 || first.text != "4" {
		t.Errorf("after invalidate: %d scans, text %q; want 3, 4", doc.scans, first.text)
	}
}

func TestPatchSilentFiresNoEvent(t *testing.T) {
	el := &fakeElement{tag: "P", bind: "n"}
	doc := newFakeDOM(el)

	patchRoot(doc, fakeRoot, []byte(`{"n":1}`), PatchOptions{Silent: true})

	if el.text != "1" {
		t.Errorf("text = %q, want 1", el.text)
	}
	if len(doc.events) != 0 {
		t.Errorf("silent patch fired %q", doc.events)
	}
}

func TestPatchFiresTheEventWhenNothingApplies(t *testing.T) {
	doc := newFakeDOM(&fakeElement{tag: "P", bind: "n"})

	patchRoot(doc, fakeRoot, []byte(`{"other":1}`), PatchOptions{})

	if want := [][]string{{}}; !reflect.DeepEqual(doc.events, want) {
		t.Errorf("silcrow:patched paths = %q, want one event with no paths", doc.events)
	}
}

func TestPatchIgnoresDataThatIsNotJSON(t *testing.T) {
	warnings := captureWarnings(t)
	el := &fakeElement{tag: "P", bind: "n", text: "old"}
	doc := newFakeDOM(el)

	patchRoot(doc, fakeRoot, []byte(`{"n":1`), PatchOptions{})

	if el.text != "old" || len(doc.events) != 0 {
		t.Errorf("undecodable data: text %q, events %q; want old, none", el.text, doc.events)
	}
	if len(*warnings) != 1 {
		t.Errorf("warnings = %q, want one", *warnings)
	}
}
