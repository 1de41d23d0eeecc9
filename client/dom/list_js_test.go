//go:build js && wasm

package dom

import (
	"fmt"
	"strings"
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

// rowTemplate is a list of rows with three bindings each, the shape of the
// list Silcrow.js rewrites in full on every patch.
const rowTemplate = `<ul id="rows" s-list="rows"><template><li>` +
	`<span s-bind=".title"></span><em s-bind=".n"></em><i s-bind=".key:data-k"></i>` +
	`</li></template></ul>`

// row is one item of the rows list.
type row struct {
	key   string
	title string
}

// rowsJSON returns {"rows": […]} for rows.
func rowsJSON(rows []row) string {
	var b strings.Builder
	b.WriteString(`{"rows":[`)
	for i, r := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"key":%q,"title":%q,"n":%d}`, r.key, r.title, len(r.key))
	}
	b.WriteString(`]}`)
	return b.String()
}

// numberedRows returns n rows with keys and titles made from 0…n-1.
func numberedRows(n int) []row {
	rows := make([]row, n)
	for i := range rows {
		rows[i] = row{key: fmt.Sprint("r", i), title: fmt.Sprint("title ", i)}
	}
	return rows
}

// renderedItems returns the item elements of the container #id, in order,
// by key, and their keys.
func renderedItems(id string) ([]string, map[string]js.Value) {
	list := queryAll("#" + id + " > [s-key]")
	var order []string
	nodes := map[string]js.Value{}
	for i := 0; i < list.Length(); i++ {
		el := list.Index(i)
		k := attrOf(el, "s-key").String()
		if dk := attrOf(el, "data-key"); !dk.IsNull() {
			k = dk.String()
		}
		order = append(order, k)
		nodes[k] = el
	}
	return order, nodes
}

// checkRows fails the test unless #rows shows rows, in order, with
// their titles.
func checkRows(t *testing.T, rows []row) {
	t.Helper()
	order, nodes := renderedItems("rows")
	if len(order) != len(rows) {
		t.Fatalf("%d items rendered, want %d", len(order), len(rows))
	}
	for i, r := range rows {
		if order[i] != r.key {
			t.Fatalf("item %d is %s, want %s", i, order[i], r.key)
		}
		if got := textOf(nodes[r.key].Get("firstElementChild")); got != r.title {
			t.Fatalf("item %s shows %q, want %q", r.key, got, r.title)
		}
	}
}

// sameNodes fails the test unless every key of keep still has the node it
// had in before, compared with JavaScript's ===.
func sameNodes(t *testing.T, before map[string]js.Value, keep []row) {
	t.Helper()
	_, after := renderedItems("rows")
	for _, r := range keep {
		b, ok := before[r.key]
		if !ok {
			continue
		}
		if !after[r.key].Equal(b) {
			t.Fatalf("item %s is a new node, want the one it had", r.key)
		}
	}
}

func TestListOfAThousandItemsReordersInsertsAndDeletes(t *testing.T) {
	root := fixture(t, rowTemplate)
	rows := numberedRows(1000)
	patchJS(root, rowsJSON(rows), PatchOptions{})
	checkRows(t, rows)
	_, before := renderedItems("rows")

	// Reverse.
	reversed := make([]row, len(rows))
	for i, r := range rows {
		reversed[len(rows)-1-i] = r
	}
	patchJS(root, rowsJSON(reversed), PatchOptions{})
	checkRows(t, reversed)
	sameNodes(t, before, reversed)

	// Insert ten, in several places, and delete every tenth row.
	var next []row
	for i, r := range reversed {
		if i%100 == 50 {
			next = append(next, row{key: fmt.Sprint("new", i), title: "inserted"})
		}
		if i%10 != 3 {
			next = append(next, r)
		}
	}
	patchJS(root, rowsJSON(next), PatchOptions{})
	checkRows(t, next)
	sameNodes(t, before, next)
	if before["r996"].Get("isConnected").Bool() {
		t.Error("a deleted item is still in the document")
	}

	// Back to the first order, half of it: the rows deleted above come
	// back as new nodes, the others keep theirs.
	_, before = renderedItems("rows")
	patchJS(root, rowsJSON(rows[:500]), PatchOptions{})
	checkRows(t, rows[:500])
	sameNodes(t, before, rows[:500])
}

// mutations counts what a MutationObserver saw happen below a list
// container.
type mutations struct {
	// texts counts the bound texts written: a textContent write is one
	// childList record on the bound element.
	texts int
	// moved counts the nodes removed from and added back to the container.
	moved int
	// added and removed count the container's other node changes.
	added, removed, attributes int
}

// observe starts a MutationObserver on container and returns a function
// that reports what it has seen since.
func observe(t *testing.T, container js.Value) func() mutations {
	t.Helper()
	noop := js.FuncOf(func(js.Value, []js.Value) any { return nil })
	mo := js.Global().Get("MutationObserver").New(noop)
	mo.Call("observe", container, map[string]any{"childList": true, "subtree": true, "characterData": true, "attributes": true})
	t.Cleanup(func() {
		mo.Call("disconnect")
		noop.Release()
	})
	return func() mutations {
		var m mutations
		var added, removed []js.Value
		records := mo.Call("takeRecords")
		for i := 0; i < records.Length(); i++ {
			r := records.Index(i)
			switch {
			case r.Get("type").String() == "attributes":
				m.attributes++
			case r.Get("type").String() == "characterData", !r.Get("target").Equal(container):
				m.texts++
			default:
				for j, a := 0, r.Get("addedNodes"); j < a.Length(); j++ {
					added = append(added, a.Index(j))
				}
				for j, rm := 0, r.Get("removedNodes"); j < rm.Length(); j++ {
					removed = append(removed, rm.Index(j))
				}
			}
		}
		for _, a := range added {
			found := false
			for _, r := range removed {
				if a.Equal(r) {
					found = true
				}
			}
			if found {
				m.moved++
			}
		}
		m.added = len(added) - m.moved
		m.removed = len(removed) - m.moved
		return m
	}
}

func TestListPatchWritesOnlyWhatChanged(t *testing.T) {
	root := fixture(t, rowTemplate)
	rows := numberedRows(1000)
	patchJS(root, rowsJSON(rows), PatchOptions{})
	seen := observe(t, byID(t, "rows"))

	// 100 rows get a new title and 5 rows move far from where they were.
	next := append([]row(nil), rows...)
	for i := 0; i < 1000; i += 10 {
		next[i].title += " (edited)"
	}
	for _, from := range []int{3, 207, 401, 655, 899} {
		r := next[from]
		next = append(next[:from], next[from+1:]...)
		to := (from + 500) % len(next)
		next = append(next[:to], append([]row{r}, next[to:]...)...)
	}
	patchJS(root, rowsJSON(next), PatchOptions{})

	checkRows(t, next)
	m := seen()
	t.Logf("1,000-item patch, 100 changed titles and 5 moved rows: %d text writes, %d moved nodes, %d added, %d removed, %d attribute changes",
		m.texts, m.moved, m.added, m.removed, m.attributes)
	if m.texts < 100 || m.texts > 110 {
		t.Errorf("%d text writes, want about 100", m.texts)
	}
	if m.moved == 0 || m.moved > 10 {
		t.Errorf("%d moved nodes, want about 5", m.moved)
	}
	if m.added != 0 || m.removed != 0 || m.attributes != 0 {
		t.Errorf("%d nodes added, %d removed, %d attributes changed; want none", m.added, m.removed, m.attributes)
	}

	// The same data again changes nothing at all.
	patchJS(root, rowsJSON(next), PatchOptions{})
	if m := seen(); m != (mutations{}) {
		t.Errorf("the same data again: %+v, want no mutation", m)
	}
}

func TestListRejectsBadArraysLeavingTheDOMAlone(t *testing.T) {
	warnings := captureWarnings(t)
	root := fixture(t, rowTemplate)
	patchJS(root, rowsJSON(numberedRows(3)), PatchOptions{})
	container := byID(t, "rows")
	html := container.Get("innerHTML").String()
	seen := observe(t, container)
	patched := eventLog(t, root, "silcrow:patched")

	for _, data := range []string{
		`{"rows":[{"key":"r0","title":"x"},{"key":"r0","title":"y"}]}`,
		`{"rows":[{"key":"r0","title":"x"},{"title":"keyless"}]}`,
		`{"rows":[{"key":"r0","title":"x"},"not an object"]}`,
		`{"rows":[{"key":"r0","title":"x"},null]}`,
		`{"rows":[{"key":1,"title":"x"},{"key":"1","title":"y"}]}`,
		`{"rows":{"key":"r9","title":"not an array"}}`,
	} {
		before := len(*warnings)
		patchJS(root, data, PatchOptions{})
		if m := seen(); m != (mutations{}) {
			t.Errorf("%s changed the DOM: %+v", data, m)
		}
		if got := container.Get("innerHTML").String(); got != html {
			t.Errorf("%s changed the list's markup", data)
		}
		if len(*warnings) != before+1 {
			t.Errorf("%s: %d warnings, want one", data, len(*warnings)-before)
		}
	}
	if len(*patched) != 6 {
		t.Errorf("silcrow:patched fired %d times, want 6: a rejected list does not stop the event", len(*patched))
	}
}

func TestListKeysOneAndStringOneAreTheSameItem(t *testing.T) {
	root := fixture(t, rowTemplate)
	patchJS(root, `{"rows":[{"key":1,"title":"number"}]}`, PatchOptions{})
	_, before := renderedItems("rows")

	patchJS(root, `{"rows":[{"key":"1","title":"string"}]}`, PatchOptions{})

	order, after := renderedItems("rows")
	if len(order) != 1 || !after["1"].Equal(before["1"]) {
		t.Fatalf("items %q: key \"1\" did not reuse the node of key 1", order)
	}
	if got := textOf(after["1"].Get("firstElementChild")); got != "string" {
		t.Errorf("text = %q, want string", got)
	}
}

func TestListResolvesKeyPrefixTemplates(t *testing.T) {
	root := fixture(t, `<template id="card"><article><b s-bind=".title"></b></article></template>`+
		`<template id="row"><tr-row><i s-bind=".title"></i></tr-row></template>`+
		`<div id="feed" s-list="feed" s-template="row"><template><p s-bind=".title"></p></template></div>`)

	patchJS(root, `{"feed":[{"key":"card#1","title":"A"},{"key":"2","title":"B"},{"key":"issue#3","title":"C"}]}`, PatchOptions{})

	order, nodes := renderedItems("feed")
	var tags []string
	for _, k := range order {
		tags = append(tags, nodes[k].Get("localName").String()+":"+textOf(nodes[k]))
	}
	if got, want := strings.Join(tags, " "), "article:A tr-row:B tr-row:C"; got != want {
		t.Errorf("items = %q, want %q", got, want)
	}

	js.Global().Get("Element").Get("prototype").Get("removeAttribute").Call("call", byID(t, "feed"), "s-template")
	patchJS(root, `{"feed":[{"key":"4","title":"D"}]}`, PatchOptions{Invalidate: true})
	order, nodes = renderedItems("feed")
	if len(order) != 1 || nodes["4"].Get("localName").String() != "p" {
		t.Errorf("without s-template: items %q, want one <p> from the inline template", order)
	}
}

func TestListRefusesTemplatesThatCouldRunCode(t *testing.T) {
	warnings := captureWarnings(t)
	for _, tpl := range []string{
		`<li><script>window.silcrowTemplateRan = true</script></li>`,
		`<li><img src="x" onerror="window.silcrowTemplateRan = true"></li>`,
		`<li><svg><script>window.silcrowTemplateRan = true</script></svg></li>`,
		`<li><template><img src="x" onerror="window.silcrowTemplateRan = true"></template></li>`,
		`<li><ul s-list="inner"></ul></li>`,
		`<li></li><li></li>`,
	} {
		before := len(*warnings)
		root := fixture(t, `<ul id="bad" s-list="items"><template>`+tpl+`</template></ul>`)
		patchJS(root, `{"items":[{"key":"a"}]}`, PatchOptions{})
		if order, _ := renderedItems("bad"); len(order) != 0 {
			t.Errorf("template %s rendered %d items, want none", tpl, len(order))
		}
		if len(*warnings) != before+1 {
			t.Errorf("template %s: %d warnings, want one", tpl, len(*warnings)-before)
		}
		root.Call("remove")
	}
	if js.Global().Get("silcrowTemplateRan").Truthy() {
		t.Error("code in a template ran")
	}
}

func TestListAdoptsItemsRenderedByTheServer(t *testing.T) {
	warnings := captureWarnings(t)
	root := fixture(t, `<h1 s-bind="title"></h1><ul id="todos" s-list="todos">`+
		`<li data-key="a" s-key><span s-bind=".text">a</span><i s-bind="count"></i></li>`+
		`<li s-key="b"><span s-bind=".text">b</span></li>`+
		`<li id="head"><b s-bind="count"></b></li>`+
		`<template><li><span s-bind=".text"></span></li></template></ul>`)
	_, before := renderedItems("todos")
	seen := observe(t, byID(t, "todos"))

	patchJS(root, `{"title":"T","count":2,"todos":[{"key":"b","text":"b"},{"key":"a","text":"a!"}]}`, PatchOptions{})

	if len(*warnings) != 0 {
		t.Errorf("warnings = %q, want none: item bindings are not the root's", *warnings)
	}
	if got := textOf(root); got != "Tb"+"a!2"+"2" {
		t.Errorf("text = %q, want Tba!22", got)
	}
	order, after := renderedItems("todos")
	if strings.Join(order, " ") != "b a" || !after["a"].Equal(before["a"]) || !after["b"].Equal(before["b"]) {
		t.Errorf("items %q, want b a on the nodes the server rendered", order)
	}
	// The first patch writes the three bindings that show something else
	// (b's text shows "b" already, so it is left alone) and moves one
	// item.
	if m := seen(); m.texts != 3 || m.moved != 1 {
		t.Errorf("mutations %+v, want 3 text writes and 1 move", m)
	}
	patchJS(root, `{"count":2,"todos":[{"key":"b","text":"b"},{"key":"a","text":"a!"}]}`, PatchOptions{})
	if m := seen(); m != (mutations{}) {
		t.Errorf("the same data again: %+v, want no mutation", m)
	}
}

func TestListContainerAsTheRoot(t *testing.T) {
	fixture(t, `<ol id="direct" s-list="steps"><template><li s-bind=".label"></li></template></ol>`)
	container := byID(t, "direct")

	patchJS(container, `{"steps":[{"key":1,"label":"one"},{"key":2,"label":"two"}]}`, PatchOptions{})

	if got := textOf(container); got != "onetwo" {
		t.Errorf("text = %q, want onetwo", got)
	}
}

func TestListPatchedThroughOverlappingRoots(t *testing.T) {
	outer := fixture(t, `<section id="inner"><p id="label" s-bind="label"></p>`+
		`<ul id="todos" s-list="todos"><template><li s-bind=".t"></li></template></ul></section>`)
	inner := byID(t, "inner")

	patchJS(inner, `{"label":"1","todos":[{"key":"a","t":"A"},{"key":"b","t":"B"}]}`, PatchOptions{})
	patchJS(outer, `{"label":"2","todos":[{"key":"b","t":"B"},{"key":"c","t":"C"}]}`, PatchOptions{})
	patchJS(inner, `{"label":"1","todos":[{"key":"a","t":"A"}]}`, PatchOptions{})

	if order, _ := renderedItems("todos"); strings.Join(order, " ") != "a" {
		t.Errorf("items = %q, want a alone", order)
	}
	if got := textOf(byID(t, "label")); got != "1" {
		t.Errorf("label = %q, want 1", got)
	}
}

func TestListPatchRestoresTextsPageCodeChanged(t *testing.T) {
	root := fixture(t, rowTemplate)
	rows := numberedRows(50)
	patchJS(root, rowsJSON(rows), PatchOptions{})
	_, nodes := renderedItems("rows")

	// Page code rewrites one title, and the text node of another in
	// place; the same data again puts both back and writes nothing else.
	nodes["r7"].Get("firstElementChild").Set("textContent", "changed by the page")
	nodes["r31"].Get("firstElementChild").Get("firstChild").Set("data", "edited in place")
	seen := observe(t, byID(t, "rows"))
	patchJS(root, rowsJSON(rows), PatchOptions{})

	checkRows(t, rows)
	if m := seen(); m.texts != 2 || m.attributes != 0 || m.added != 0 || m.removed != 0 || m.moved != 0 {
		t.Errorf("restoring two titles: mutations %+v, want 2 text writes", m)
	}
}

// A list whose items come and go keeps the loader's node table bounded:
// the handles of every removed item are given back.
func TestRemovedItemsGiveTheirHandlesBack(t *testing.T) {
	root := fixture(t, rowTemplate)
	window := func(from int) string {
		rows := make([]row, 20)
		for i := range rows {
			rows[i] = row{key: fmt.Sprint("w", from+i), title: fmt.Sprint("title ", from+i)}
		}
		return rowsJSON(rows)
	}
	// Handles reserved for clones not made yet are held too, and a refill
	// reserves up to 4,096 at once: count those in use.
	inUse := func() int { return bridge.Held() - bridge.Reserved() }
	patchJS(root, window(0), PatchOptions{})
	before := inUse()
	for step := 1; step <= 50; step++ {
		patchJS(root, window(step*7), PatchOptions{})
	}
	if order, _ := renderedItems("rows"); len(order) != 20 || order[0] != "w350" {
		t.Fatalf("items %q, want w350 … w369", order)
	}
	// 50 patches replaced 350 items of 4 handles each: what is in use may
	// move by a few (a read of the list's end), not by hundreds.
	if after := inUse(); after > before+8 {
		t.Errorf("the loader holds %d handles after 50 patches, %d after the first: removed items were not given back", after, before)
	}
}
