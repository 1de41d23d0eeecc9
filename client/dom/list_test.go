package dom

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// todoList returns a root holding an s-list "todos" container whose
// inline template is <li><span s-bind=".title"></span></li>.
func todoList() (root, container *fakeElement) {
	container = elem("UL", "s-list", "todos").with(
		elem("TEMPLATE").holding(elem("LI").with(bound("SPAN", ".title"))),
	)
	return elem("DIV").with(container), container
}

// itemsJSON returns {"todos":[…]} with one item per key, its title the
// key in capitals.
func itemsJSON(keys string) string {
	var items []string
	for _, k := range strings.Fields(keys) {
		items = append(items, fmt.Sprintf(`{"key":%q,"title":%q}`, k, strings.ToUpper(k)))
	}
	return `{"todos":[` + strings.Join(items, ",") + `]}`
}

// itemNodes returns the item children of container by key.
func itemNodes(container *fakeElement) map[string]*fakeElement {
	out := map[string]*fakeElement{}
	for _, c := range container.children {
		if hasSKey(c) {
			out[fakeKey(c)] = c
		}
	}
	return out
}

func TestListCreatesReusesAndRemovesItemsByKey(t *testing.T) {
	root, container := todoList()
	doc := newFakeDOM()
	engine := engineFor(doc)

	engine.patch(root, []byte(itemsJSON("a b c")), PatchOptions{})
	if got := keys(container); got != "a b c -" {
		t.Fatalf("children = %q, want a b c then the template: items go at the start", got)
	}
	if got := texts(container); got != "A B C" {
		t.Fatalf("texts = %q, want A B C", got)
	}
	before := itemNodes(container)

	engine.patch(root, []byte(itemsJSON("c a d")), PatchOptions{})

	if got := keys(container); got != "c a d -" {
		t.Errorf("children = %q, want c a d -", got)
	}
	after := itemNodes(container)
	if after["a"] != before["a"] || after["c"] != before["c"] {
		t.Error("kept items were not reused")
	}
	if before["b"].parent != nil {
		t.Error("the missing item b is still in the document")
	}
	if want := [][]string{{"todos"}, {"todos"}}; !reflect.DeepEqual(doc.applied("silcrow:patched"), want) {
		t.Errorf("silcrow:patched paths = %q, want %q", doc.applied("silcrow:patched"), want)
	}
}

func TestListMovesOnlyItemsOutOfOrder(t *testing.T) {
	root, container := todoList()
	doc := newFakeDOM()
	engine := engineFor(doc)
	var keys100 []string
	for i := range 100 {
		keys100 = append(keys100, fmt.Sprint("k", i))
	}
	engine.patch(root, []byte(itemsJSON(strings.Join(keys100, " "))), PatchOptions{})
	doc.inserts, doc.moves, doc.writes = 0, 0, 0

	// Move k10 to the end and k90 to the front.
	moved := append([]string{"k90"}, keys100[:10]...)
	moved = append(moved, keys100[11:90]...)
	moved = append(moved, keys100[91:]...)
	moved = append(moved, "k10")
	engine.patch(root, []byte(itemsJSON(strings.Join(moved, " "))), PatchOptions{})

	if doc.moves != 2 || doc.inserts != 2 {
		t.Errorf("%d moves and %d inserts, want 2 and 2", doc.moves, doc.inserts)
	}
	if doc.writes != 0 {
		t.Errorf("%d writes for items whose data did not change, want 0", doc.writes)
	}
	if got := keys(container); got != strings.Join(moved, " ")+" -" {
		t.Errorf("order = %q", got)
	}
}

func TestListRejectsTheWholeUpdate(t *testing.T) {
	tests := []struct{ name, data, why string }{
		{"not an array", `{"todos":{"key":"a"}}`, "not an array"},
		{"an item that is not an object", `{"todos":[{"key":"x"},"y"]}`, "not an object"},
		{"a keyless item", `{"todos":[{"key":"x"},{"title":"y"}]}`, "no key"},
		{"duplicate keys", `{"todos":[{"key":"x"},{"key":"x"}]}`, "same key"},
		{"keys 1 and \"1\"", `{"todos":[{"key":1},{"key":"1"}]}`, "same key"},
		{"no template for an item", `{"todos":[{"key":"x"},{"key":"nope#1"}]}`, "no template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warnings := captureWarnings(t)
			container := elem("UL", "s-list", "todos")
			if tt.name != "no template for an item" {
				container.with(elem("TEMPLATE").holding(elem("LI").with(bound("SPAN", ".title"))))
			} else {
				container.attrs["s-template"] = "row"
			}
			root := elem("DIV").with(container)
			doc := newFakeDOM()
			doc.ids["row"] = elem("TEMPLATE").holding(elem("LI"))
			engine := engineFor(doc)
			engine.patch(root, []byte(`{"todos":[{"key":"a","title":"A"},{"key":"b","title":"B"}]}`), PatchOptions{})
			before := keys(container)
			doc.inserts, doc.removes, doc.writes = 0, 0, 0
			if tt.name == "no template for an item" {
				delete(doc.ids, "row")
				container.attrs["s-template"] = "gone"
				engine.patch(root, []byte(`{}`), PatchOptions{Invalidate: true, Silent: true})
			}

			engine.patch(root, []byte(tt.data), PatchOptions{})

			if got := keys(container); got != before || doc.inserts+doc.removes+doc.writes != 0 {
				t.Errorf("children %q → %q with %d inserts, %d removes, %d writes; want the DOM unchanged",
					before, got, doc.inserts, doc.removes, doc.writes)
			}
			if len(*warnings) == 0 || !strings.Contains((*warnings)[len(*warnings)-1], tt.why) {
				t.Errorf("warnings = %q, want one saying %q", *warnings, tt.why)
			}
			if got := doc.applied("silcrow:patched"); !reflect.DeepEqual(got[len(got)-1], []string{}) {
				t.Errorf("a rejected list was reported applied: %q", got[len(got)-1])
			}
		})
	}
}

func TestListRefusesTemplatesThatBreakTheRules(t *testing.T) {
	tests := []struct {
		name string
		tpl  *fakeElement
		why  string
	}{
		{"two elements", elem("TEMPLATE").holding(elem("LI"), elem("LI")), "exactly one element"},
		{"a script", elem("TEMPLATE").holding(elem("LI").with(elem("SCRIPT"))), "<script>"},
		{"an event handler", elem("TEMPLATE").holding(elem("LI").with(elem("IMG", "onerror", "x()"))), "event handler"},
		{"a nested list", elem("TEMPLATE").holding(elem("LI").with(elem("UL", "s-list", "sub"))), "s-list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warnings := captureWarnings(t)
			container := elem("UL", "s-list", "todos").with(tt.tpl)
			doc := newFakeDOM()

			doc.patchJSON(elem("DIV").with(container), `{"todos":[{"key":"a"}]}`, PatchOptions{})

			if got := keys(container); got != "-" {
				t.Errorf("children = %q, want the template alone", got)
			}
			if len(*warnings) != 1 || !strings.Contains((*warnings)[0], tt.why) {
				t.Errorf("warnings = %q, want one saying %q", *warnings, tt.why)
			}
		})
	}
}

func TestListResolvesTemplatesByKeyPrefixThenSTemplateThenInline(t *testing.T) {
	container := elem("UL", "s-list", "todos", "s-template", "row").with(
		elem("TEMPLATE").holding(elem("LI", "class", "inline")),
	)
	root := elem("DIV").with(container)
	doc := newFakeDOM()
	doc.ids["card"] = elem("TEMPLATE").holding(elem("ARTICLE"))
	doc.ids["row"] = elem("TEMPLATE").holding(elem("TR"))
	doc.ids["para"] = elem("P")
	engine := engineFor(doc)

	engine.patch(root, []byte(`{"todos":[{"key":"card#1"},{"key":"plain"},{"key":"issue#12"},{"key":"para#3"},{"key":"#4"}]}`), PatchOptions{})

	var tags []string
	for _, c := range container.children[:len(container.children)-1] {
		tags = append(tags, c.tag)
	}
	if want := "ARTICLE TR TR TR TR"; strings.Join(tags, " ") != want {
		t.Errorf("item tags = %q, want %q: a prefix naming a template wins, anything else falls back to s-template", strings.Join(tags, " "), want)
	}

	delete(container.attrs, "s-template")
	engine.patch(root, []byte(`{"todos":[{"key":"x"}]}`), PatchOptions{Invalidate: true})
	if c := container.children[0]; c.attrs["class"] != "inline" {
		t.Errorf("without s-template the item is <%s class=%q>, want the inline template's", c.tag, c.attrs["class"])
	}
}

// A template's bindings are parsed with its first clone: a binding that
// can never apply is skipped with one warning, not one per item, and the
// others bind in every clone.
func TestListParsesATemplatesBindingsOnce(t *testing.T) {
	warnings := captureWarnings(t)
	container := elem("UL", "s-list", "todos").with(
		elem("TEMPLATE").holding(elem("LI").with(bound("SPAN", ".title"), bound("B", ".bad path"), bound("I", ".title:onclick"))),
	)
	root := elem("DIV").with(container)
	doc := newFakeDOM()

	doc.patchJSON(root, itemsJSON("a b c d"), PatchOptions{})

	if len(*warnings) != 2 {
		t.Errorf("warnings = %q, want two: the bad path and the on* attribute, once each", *warnings)
	}
	if doc.scansLike != 3 {
		t.Errorf("scansLike = %d, want 3: the clones after the first are found by its layout", doc.scansLike)
	}
	for key, it := range itemNodes(container) {
		span, bad, handler := it.children[0], it.children[1], it.children[2]
		if span.text != strings.ToUpper(key) || bad.text != "" || handler.attrs["onclick"] != "" {
			t.Errorf("item %s: span %q, bad %q, onclick %q; want the title, and nothing from the skipped bindings", key, span.text, bad.text, handler.attrs["onclick"])
		}
	}
}

// Only the first item cloned from a template is scanned by reading its
// attributes; the others are found by that scan's layout, one layout per
// template, and bind the same.
func TestListScansTheFirstCloneOfEachTemplateOnly(t *testing.T) {
	container := elem("UL", "s-list", "todos").with(
		elem("TEMPLATE").holding(elem("LI", "s-bind", ".title:title").with(bound("SPAN", ".title"), bound("I", "total"))),
	)
	root := elem("DIV").with(container)
	doc := newFakeDOM()
	doc.ids["card"] = elem("TEMPLATE").holding(elem("ARTICLE").with(bound("H2", ".title")))
	engine := engineFor(doc)

	engine.patch(root, []byte(`{"total":3,"todos":[{"key":"a","title":"A"},{"key":"card#b","title":"B"},{"key":"c","title":"C"},{"key":"card#d","title":"D"},{"key":"e","title":"E"}]}`), PatchOptions{})

	if doc.scans != 4 || doc.scansLike != 3 {
		t.Errorf("scans = %d, scansLike = %d; want 4 (the root, the container's <template> child, the first clone of each template) and 3 (the other clones)", doc.scans, doc.scansLike)
	}
	var got []string
	for _, it := range container.children[:len(container.children)-1] {
		line := it.tag + " " + it.attrs["title"]
		for _, c := range it.children {
			line += " " + c.tag + "=" + c.text
		}
		got = append(got, line)
	}
	want := []string{"LI A SPAN=A I=3", "ARTICLE  H2=B", "LI C SPAN=C I=3", "ARTICLE  H2=D", "LI E SPAN=E I=3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items = %q, want %q", got, want)
	}
}

func TestListLocalBindingsWalkTheItemsData(t *testing.T) {
	container := elem("UL", "s-list", "people").with(
		elem("TEMPLATE").holding(elem("LI", "s-bind", ".id:data-id").with(
			bound("SPAN", ".name.first"),
			bound("SPAN", ".tags.0"),
			bound("INPUT", ".done:checked"),
			bound("SPAN", ".name.toString"),
		)),
	)
	doc := newFakeDOM()

	doc.patchJSON(elem("DIV").with(container), `{"people":[{"key":"p1","id":7,"name":{"first":"Ann"},"tags":["admin"],"done":1}]}`, PatchOptions{})

	li := container.children[0]
	if li.attrs["data-id"] != "7" {
		t.Errorf("data-id = %q, want 7", li.attrs["data-id"])
	}
	if got := texts(li); got != "Ann admin" {
		t.Errorf("texts = %q, want Ann admin", got)
	}
	if li.children[2].props["checked"] != true {
		t.Errorf("checked = %v, want true", li.children[2].props["checked"])
	}
}

func TestListItemGlobalBindingsBelongToTheRoot(t *testing.T) {
	container := elem("UL", "s-list", "todos").with(
		elem("TEMPLATE").holding(elem("LI").with(bound("SPAN", ".title"), bound("SPAN", "currency"))),
	)
	root := elem("DIV").with(container)
	doc := newFakeDOM()
	engine := engineFor(doc)

	engine.patch(root, []byte(`{"currency":"EUR","todos":[{"key":"a","title":"A"}]}`), PatchOptions{})
	if got := texts(container); got != "A EUR" {
		t.Errorf("a new item's global binding shows %q, want A EUR from the same patch", got)
	}
	engine.patch(root, []byte(`{"currency":"USD"}`), PatchOptions{})
	if got := texts(container); got != "A USD" {
		t.Errorf("after a patch of currency alone: %q, want A USD", got)
	}

	engine.patch(root, []byte(`{"todos":[]}`), PatchOptions{})
	m, _ := doc.cached(root)
	if len(m.paths) != 0 {
		t.Errorf("the removed item's global binding is still in the root's map: %d paths", len(m.paths))
	}
}

func TestListAdoptsItemsAlreadyInThePage(t *testing.T) {
	warnings := captureWarnings(t)
	a := elem("LI", "s-key", "a").with(bound("SPAN", ".title"), bound("SPAN", "shared"))
	b := elem("LI", "s-key", "b").with(bound("SPAN", ".title"))
	dup := elem("LI", "s-key", "a")
	heading := elem("LI").with(bound("B", "heading"))
	container := elem("UL", "s-list", "todos").with(
		heading, a, b, dup,
		elem("TEMPLATE").holding(elem("LI").with(bound("SPAN", ".title"))),
	)
	root := elem("DIV").with(container)
	doc := newFakeDOM()

	doc.patchJSON(root, `{"heading":"H","shared":"S","todos":[{"key":"b","title":"B"},{"key":"c","title":"C"},{"key":"a","title":"A"}]}`, PatchOptions{})

	// The items go to the start, as Silcrow.js puts them: the heading the
	// server rendered before them ends up after them.
	if got := keys(container); got != "b c a - a -" {
		t.Errorf("children = %q, want b c a, the heading, the ignored duplicate and the template", got)
	}
	if container.children[0] != b || container.children[2] != a {
		t.Error("items rendered by the server were not reused")
	}
	if got := texts(container); got != "B C A S H" {
		t.Errorf("texts = %q, want B C A S H", got)
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], `s-key="a"`) {
		t.Errorf("warnings = %q, want one about the second a", *warnings)
	}
}

func TestListsDoNotNest(t *testing.T) {
	warnings := captureWarnings(t)
	inner := elem("OL", "s-list", "sub").with(bound("LI", "deep"))
	container := elem("UL", "s-list", "todos").with(
		elem("LI", "s-key", "a").with(inner),
	)
	doc := newFakeDOM()

	doc.patchJSON(elem("DIV").with(container), `{"deep":"x","todos":[{"key":"a"}]}`, PatchOptions{})

	if inner.children[0].text != "" {
		t.Error("a binding inside a nested list was applied")
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "do not nest") {
		t.Errorf("warnings = %q, want one about nesting", *warnings)
	}
}

func TestTemplateChoices(t *testing.T) {
	tests := []struct {
		key, sTemplate string
		want           []string
	}{
		{"7", "", []string{""}},
		{"7", "row", []string{"row", ""}},
		{"card#7", "", []string{"card", ""}},
		{"card#7", "row", []string{"card", "row", ""}},
		{"a#b#c", "", []string{"a", ""}},
		{"#7", "row", []string{"row", ""}},
	}
	for _, tt := range tests {
		ids, n := templateChoices(tt.key, tt.sTemplate)
		if got := ids[:n]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("templateChoices(%q, %q) = %q, want %q", tt.key, tt.sTemplate, got, tt.want)
		}
	}
}

func TestCheckTemplateElement(t *testing.T) {
	tests := []struct {
		tag   string
		attrs []string
		ok    bool
	}{
		{"li", []string{"class", "s-bind", "data-on"}, true},
		{"a", []string{"href", "ontology"}, false},
		{"script", nil, false},
		{"SCRIPT", nil, false},
		{"img", []string{"src", "onerror"}, false},
		{"img", []string{"ONLOAD"}, false},
		{"ul", []string{"s-list"}, false},
		{"ul", []string{"S-LIST"}, false},
		{"template", []string{"id"}, true},
	}
	for _, tt := range tests {
		if err := checkTemplateElement(tt.tag, tt.attrs); (err == nil) != tt.ok {
			t.Errorf("checkTemplateElement(%q, %q) = %v, want ok %v", tt.tag, tt.attrs, err, tt.ok)
		}
	}
}

func TestOverlappingRootsDoNotTrustEachOthersMemory(t *testing.T) {
	inner, container := todoList()
	label := bound("P", "label")
	inner.with(label)
	outer := elem("MAIN").with(inner)
	doc := newFakeDOM()
	engine := engineFor(doc)

	engine.patch(inner, []byte(`{"label":"1","todos":[{"key":"a","title":"A"},{"key":"b","title":"B"}]}`), PatchOptions{})
	engine.patch(outer, []byte(`{"label":"2","todos":[{"key":"b","title":"B"},{"key":"c","title":"C"}]}`), PatchOptions{})
	engine.patch(inner, []byte(`{"label":"1","todos":[{"key":"a","title":"A"}]}`), PatchOptions{})

	if got := keys(container); got != "a -" {
		t.Errorf("items = %q, want a -", got)
	}
	if label.text != "1" {
		t.Errorf("label = %q, want 1: the inner root's memory of writing 1 is out of date", label.text)
	}
}

// An item the engine removes is let go of (its nodes can be collected),
// unless an optimistic snapshot would put it back; then revert does.
func TestRemovedItemsAreDiscardedUnlessASnapshotHoldsThem(t *testing.T) {
	root, container := todoList()
	doc := newFakeDOM()
	engine := engineFor(doc)
	engine.patch(root, []byte(itemsJSON("a b c")), PatchOptions{})
	nodes := itemNodes(container)

	engine.patch(root, []byte(itemsJSON("a c")), PatchOptions{})
	if len(doc.discarded) != 1 || doc.discarded[0] != nodes["b"] {
		t.Fatalf("discarded %d items, want b's node", len(doc.discarded))
	}

	engine.optimistic(root, []byte(itemsJSON("c")))
	if len(doc.discarded) != 1 {
		t.Errorf("the optimistic removal of a discarded %d more items, want none: revert puts it back", len(doc.discarded)-1)
	}
	engine.revert(root)
	if got := keys(container); got != "a c -" {
		t.Errorf("after revert children = %q, want a c -", got)
	}
	if itemNodes(container)["a"] != nodes["a"] {
		t.Error("revert did not put a's own node back")
	}
}

// Items are read and written as Silcrow.js writes them: data-key with a
// bare s-key marker. Server-rendered items in that form are adopted by
// their data-key, not read as key "" (which would duplicate every row on
// the first patch); the s-key="a" form is still read.
func TestListKeysInSilcrowJSForm(t *testing.T) {
	a := elem("LI", "data-key", "a", "s-key", "").with(bound("SPAN", ".title"))
	b := elem("LI", "s-key", "b").with(bound("SPAN", ".title"))
	container := elem("UL", "s-list", "todos").with(a, b,
		elem("TEMPLATE").holding(elem("LI").with(bound("SPAN", ".title"))))
	root := elem("DIV").with(container)
	doc := newFakeDOM()

	doc.patchJSON(root, itemsJSON("a b c"), PatchOptions{})

	if got := keys(container); got != "a b c -" {
		t.Fatalf("children = %q, want a b c -: no row duplicated", got)
	}
	if container.children[0] != a || container.children[1] != b {
		t.Error("the server-rendered items were not adopted")
	}
	c := container.children[2]
	if key, marker := c.attrs["data-key"], c.attrs["s-key"]; key != "c" || marker != "" {
		t.Errorf("new item has data-key=%q s-key=%q, want data-key=\"c\" and a bare s-key", key, marker)
	}
	if got := texts(container); got != "A B C" {
		t.Errorf("texts = %q, want A B C", got)
	}
}

// Items sit at the start of the container, before the template and any
// static children, as Silcrow.js puts them; the static children keep
// their order, and :first-child is an item.
func TestListItemsGoBeforeStaticChildren(t *testing.T) {
	add := elem("LI", "class", "add")
	empty := elem("LI", "class", "empty")
	container := elem("UL", "s-list", "todos").with(
		elem("TEMPLATE").holding(elem("LI").with(bound("SPAN", ".title"))), add, empty)
	root := elem("DIV").with(container)
	doc := newFakeDOM()
	engine := engineFor(doc)

	engine.patch(root, []byte(itemsJSON("a b")), PatchOptions{})
	if got := keys(container); got != "a b - - -" || container.children[3] != add || container.children[4] != empty {
		t.Fatalf("children = %q, want a b, then the template, the add row and the empty row", got)
	}
	engine.patch(root, []byte(itemsJSON("")), PatchOptions{})
	engine.patch(root, []byte(itemsJSON("c a")), PatchOptions{})
	if got := keys(container); got != "c a - - -" || container.children[3] != add {
		t.Errorf("after emptying and refilling: children = %q, want c a - - -", got)
	}
}
