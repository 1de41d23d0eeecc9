//go:build js && wasm

package bridge

import (
	"strconv"
	"strings"
	"syscall/js"
	"testing"
	"time"
)

// These tests run the loader's applier and reads in the browser, through
// the same imports silcrow.wasm uses.

var document = js.Global().Get("document")

// fixture puts markup into a fresh <div> in the body and returns the div's
// node and handle, released at the end of the test.
func fixture(t *testing.T, markup string) (js.Value, Handle) {
	t.Helper()
	div := document.Call("createElement", "div")
	div.Set("innerHTML", markup)
	document.Get("body").Call("appendChild", div)
	var h Handle
	Turn(func() {
		h = HandleOf(div)
		Out().Retain(h)
	})
	t.Cleanup(func() {
		div.Call("remove")
		Turn(func() { Out().Release(h) })
	})
	return div, h
}

// handle returns the handle of the node selector finds in root, held until
// the end of the test.
func handle(t *testing.T, root js.Value, selector string) Handle {
	t.Helper()
	n := root.Call("querySelector", selector)
	if n.IsNull() {
		t.Fatalf("no %s in the fixture", selector)
	}
	var h Handle
	Turn(func() {
		h = HandleOf(n)
		Out().Retain(h)
	})
	t.Cleanup(func() { Turn(func() { Out().Release(h) }) })
	return h
}

// mutationsOf records the mutations of root's subtree until the returned
// function is called, which returns their types.
func mutationsOf(root js.Value) func() []string {
	mo := js.Global().Get("MutationObserver").New(js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	mo.Call("observe", root, map[string]any{"subtree": true, "childList": true, "attributes": true, "characterData": true})
	return func() []string {
		recs := mo.Call("takeRecords")
		mo.Call("disconnect")
		var types []string
		for i := 0; i < recs.Length(); i++ {
			types = append(types, recs.Index(i).Get("type").String())
		}
		return types
	}
}

func TestTextCommandKeepsTheTextNodeAndSkipsEqualText(t *testing.T) {
	div, _ := fixture(t, `<p id="p">old</p><b id="b">x<i>y</i></b>`)
	p, b := handle(t, div, "#p"), handle(t, div, "#b")
	node := div.Call("querySelector", "#p").Get("firstChild")
	seen := mutationsOf(div)
	Turn(func() {
		Out().Text(p, "new")
		Out().Text(b, "plain")
	})
	if got := seen(); strings.Join(got, " ") != "characterData childList" {
		t.Errorf("mutations %q, want the Text node's data changed, then b's children replaced", got)
	}
	if !div.Call("querySelector", "#p").Get("firstChild").Equal(node) || div.Get("textContent").String() != "newplain" {
		t.Errorf("text = %q, or p's Text node was replaced", div.Get("textContent").String())
	}
	seen = mutationsOf(div)
	Turn(func() {
		Out().Text(p, "new")
		Out().Attr(b, "data-x", "1")
	})
	Turn(func() { Out().Attr(b, "data-x", "1") })
	if got := seen(); strings.Join(got, " ") != "attributes" {
		t.Errorf("mutations %q, want only the first attribute write: equal values are not written", got)
	}
}

func TestPropertyAttributeAndRemoveCommands(t *testing.T) {
	div, _ := fixture(t, `<input id="i" data-gone="1"><select id="s"><option>a<option>b<option>c</select>`)
	i, s := handle(t, div, "#i"), handle(t, div, "#s")
	Turn(func() {
		Out().PropString(i, "value", "typed")
		Out().PropBool(i, "disabled", true)
		Out().PropNumber(s, "selectedIndex", 2)
		Out().RemoveAttr(i, "data-gone")
		Out().Attr(i, "aria-label", "name")
	})
	in := div.Call("querySelector", "#i")
	if in.Get("value").String() != "typed" || !in.Get("disabled").Bool() || in.Call("hasAttribute", "data-gone").Bool() ||
		in.Call("getAttribute", "aria-label").String() != "name" {
		t.Errorf("input: value %q disabled %v data-gone %v", in.Get("value"), in.Get("disabled"), in.Call("hasAttribute", "data-gone"))
	}
	if got := div.Call("querySelector", "#s").Get("selectedIndex").Int(); got != 2 {
		t.Errorf("selectedIndex = %d, want 2", got)
	}
}

// A command that throws is reported to its own callback; the commands
// around it are carried out.
func TestAFailingCommandIsReportedAndTheRestApplied(t *testing.T) {
	div, root := fixture(t, `<p id="p"></p>`)
	p := handle(t, div, "#p")
	js.Global().Get("Object").Call("defineProperty", div.Call("querySelector", "#p"), "value", map[string]any{"value": "fixed", "writable": false})
	var reports []string
	noted := 0
	Turn(func() {
		Out().Text(p, "before")
		OnFail(func(msg string) { reports = append(reports, "text: "+msg) })
		Out().PropString(p, "value", "x")
		OnFail(func(msg string) { reports = append(reports, "value: "+msg) })
		Out().Insert(p, root, 0) // a node cannot contain its ancestor
		OnFailNote(func(n Note, msg string) {
			reports = append(reports, n.What+n.Detail+": "+msg)
			*n.Ctx.(*int)++
		}, Note{What: "in", Detail: "sert", Ctx: &noted})
		Out().Attr(p, "data-after", "yes")
		OnFailNote(func(n Note, msg string) { reports = append(reports, "attr: "+msg) }, Note{})
	})
	if len(reports) != 2 || !strings.HasPrefix(reports[0], "value: ") || !strings.HasPrefix(reports[1], "insert: ") {
		t.Errorf("reports = %q, want the value write and the insert", reports)
	}
	if noted != 1 {
		t.Errorf("the insert's handler got its note %d times, want once", noted)
	}
	el := div.Call("querySelector", "#p")
	if el.Get("textContent").String() != "before" || el.Call("getAttribute", "data-after").String() != "yes" {
		t.Error("the commands around the failing ones were not carried out")
	}
}

// A turn that writes more than flushAt bytes of commands, or registers
// more than flushFailures failure handlers, is applied in parts as it
// goes, in order: the browser shows the first commands while the turn
// still runs, the last value written wins, and every failure reaches the
// handler of its own command, whichever part it was in, when the turn
// ends, as if the list had been applied whole.
func TestALargeTurnIsAppliedInPartsInOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		value   string // long values reach flushAt, short ones flushFailures
		handled bool
	}{
		{"by size", strings.Repeat("v", 200), false},
		{"by failure handlers", "v", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			div, _ := fixture(t, `<p id="p"></p>`)
			p := handle(t, div, "#p")
			el := div.Call("querySelector", "#p")
			const n = 3000
			failing := map[int]bool{7: true, 1500: true, n - 1: true}
			var reports []string
			var shownMidway bool
			reportedMidway := -1
			Turn(func() {
				for i := range n {
					name, value := "data-n", tc.value+strconv.Itoa(i)
					if failing[i] {
						name = "1 bad name" // setAttribute throws
					}
					Out().Attr(p, name, value)
					if tc.handled || failing[i] {
						OnFailNote(func(n Note, msg string) {
							reports = append(reports, n.What)
						}, Note{What: strconv.Itoa(i)})
					}
					if i == 600 { // past flushFailures handlers, under flushAt bytes of short commands
						shownMidway = el.Call("getAttribute", "data-n").Truthy()
						reportedMidway = len(reports)
					}
				}
			})
			if !shownMidway {
				t.Error("600 commands into the turn the browser showed none of its commands; want the first parts applied")
			}
			if reportedMidway != 0 {
				t.Errorf("600 commands into the turn, %d failures were reported; want none before the turn ends", reportedMidway)
			}
			if got, want := el.Call("getAttribute", "data-n").String(), tc.value+strconv.Itoa(n-2); got != want {
				t.Errorf("data-n = %.20q…, want the last value written, %.20q…", got, want)
			}
			if strings.Join(reports, ",") != "7,1500,2999" {
				t.Errorf("failures reported to the handlers of commands %q, want 7,1500,2999", reports)
			}
		})
	}
}

func TestCloneInsertRemoveAndReads(t *testing.T) {
	div, root := fixture(t, `<ul id="u" s-list="items"><li s-key="a" id="a">a</li><template><li><b s-bind=".t"></b></li></template></ul><template id="other"><i>1</i><i>2</i></template>`)
	u := handle(t, div, "#u")
	var tpl, c Handle
	Turn(func() {
		d := Read(func(e *Encoder) { e.Op(ReadTemplate).Handle(u).Str("") })
		tpl = d.Handle()
		Transient(tpl)
		d = Read(func(e *Encoder) { e.Op(ReadDescribe).Handle(tpl) })
		if n := d.U32(); n != 2 {
			t.Errorf("the template's content describes as %d nodes, want li and b", n)
		}
		li := d.Handle()
		Transient(li)
		if kind, depth, name := d.Byte(), d.U32(), d.Str(); kind != 1 || depth != 0 || name != "li" {
			t.Errorf("first node: type %d, depth %d, %q; want the li element at the top", kind, depth, name)
		}
		c = Reserve()
		Out().Clone(c, tpl)
		Out().Attr(c, "s-key", "b")
		Out().Insert(u, c, 0)
		d = Read(func(e *Encoder) { e.Op(ReadChildren).Handle(u).U32(1).Str("s-key") })
		var keys []string
		for n := d.U32(); n > 0; n-- {
			Transient(d.Handle())
			k, _ := d.OptStr()
			keys = append(keys, k)
		}
		if strings.Join(keys, ",") != "a,," && strings.Join(keys, ",") != "a,,b" {
			t.Errorf("children keys %q", keys)
		}
		other := Read(func(e *Encoder) { e.Op(ReadTemplate).Handle(u).Str("other") }).Handle()
		Transient(other)
		d = Read(func(e *Encoder) { e.Op(ReadDescribe).Handle(other) })
		if n := d.U32(); n != 2 {
			t.Errorf("template #other describes as %d nodes, want its two elements", n)
		}
		for d.More() {
			Transient(d.Handle())
			d.Byte()
			if depth := d.U32(); depth != 0 {
				t.Errorf("an element of #other at depth %d, want 0", depth)
			}
			d.Str()
			d.Byte()
			for a := d.U32(); a > 0; a-- {
				d.Str()
				d.OptStr()
				d.Str()
				d.Byte()
			}
		}
		if Read(func(e *Encoder) { e.Op(ReadTemplate).Handle(u).Str("a") }).Handle() != 0 {
			t.Error("an element that is not a <template> was found as one")
		}
		rel := Relations(root, []Handle{u, c, root})
		if rel[0] != RootContains|Connected || rel[1] != RootContains|Connected || rel[2] != RootContains|ContainsRoot|Connected {
			t.Errorf("relations = %v", rel)
		}
		if cl := Closest(c, "[s-list]"); cl != u {
			t.Errorf("closest = %d, want the list %d", cl, u)
		}
		Out().Remove(c)
		if IsConnected(c) {
			t.Error("the removed clone is still connected")
		}
		Out().Release(c)
	})
	if got := div.Call("querySelectorAll", "li").Length(); got != 1 {
		t.Errorf("%d items after the clone's removal, want 1", got)
	}
}

// A clone command that fails, because its template's first clone does not
// match the bound elements it names or because the template is empty,
// still reads all of its operands: the commands after it are carried out.
func TestAFailingCloneLeavesTheRestInStep(t *testing.T) {
	div, _ := fixture(t, `<template id="one"><li><b s-bind=".t"></b></li></template><template id="empty"></template><p id="p"></p>`)
	one, empty, p := handle(t, div, "#one"), handle(t, div, "#empty"), handle(t, div, "#p")
	var reports []string
	Turn(func() {
		c, c2, b1, b2 := Reserve(), Reserve(), Reserve(), Reserve()
		Out().CloneInto(c, one, "[s-bind]", []Handle{b1, b2})
		OnFail(func(msg string) { reports = append(reports, "mismatch: "+msg) })
		Out().Attr(p, "data-after-mismatch", "yes")
		Out().CloneInto(c2, empty, "[s-bind]", []Handle{b1})
		OnFail(func(msg string) { reports = append(reports, "empty: "+msg) })
		Out().Attr(p, "data-after-empty", "yes")
		for _, h := range []Handle{c, c2, b1, b2} {
			Out().Release(h)
		}
	})
	if len(reports) != 2 || !strings.HasPrefix(reports[0], "mismatch: the clone does not match") || !strings.HasPrefix(reports[1], "empty: ") {
		t.Errorf("reports = %q, want the mismatched clone's and the empty template's", reports)
	}
	el := div.Call("querySelector", "#p")
	for _, name := range []string{"data-after-mismatch", "data-after-empty"} {
		if !el.Call("hasAttribute", name).Bool() {
			t.Errorf("%s is missing: the command after a failed clone was not carried out", name)
		}
	}
}

func TestScanAndValueReads(t *testing.T) {
	div, root := fixture(t, `<section s-bind="a"><p s-bind="b:title" title="T" s-template="x">text</p><template><p s-bind="c"></p></template></section>`)
	Turn(func() {
		d := Read(func(e *Encoder) {
			e.Op(ReadScan).Handle(root).Str("[s-bind]").Str("[s-bind]").U32(2).Str("s-bind").Str("s-template")
		})
		if d.Byte() != 0 {
			t.Error("the fixture's div matched [s-bind]")
		}
		var got []string
		for n := d.U32(); n > 0; n-- {
			Transient(d.Handle())
			tag := d.Str()
			b, _ := d.OptStr()
			tp, hasT := d.OptStr()
			got = append(got, tag+":"+b+":"+tp+":"+map[bool]string{true: "t", false: "-"}[hasT])
		}
		if strings.Join(got, " ") != "SECTION:a::- P:b:title:x:t" {
			t.Errorf("scan = %q", got)
		}
		p := handle(t, div, "p")
		if v := Read(func(e *Encoder) { e.Op(ReadValue).Handle(p).Byte(ValueText).Str("") }).Str(); v != "text" {
			t.Errorf("text = %q", v)
		}
		d = Read(func(e *Encoder) { e.Op(ReadValue).Handle(p).Byte(ValueAttr).Str("title") })
		if v, ok := d.OptStr(); !ok || v != "T" {
			t.Errorf("title attribute = %q, %v", v, ok)
		}
		d = Read(func(e *Encoder) { e.Op(ReadValue).Handle(p).Byte(ValueProp).Str("hidden") })
		if k, v := PropKind(d.Byte()), d.Byte(); k != PropBool || v != 0 {
			t.Errorf("hidden = kind %d value %d, want false", k, v)
		}
		d = Read(func(e *Encoder) { e.Op(ReadValue).Handle(p).Byte(ValueProp).Str("dataset") })
		if k := PropKind(d.Byte()); k != PropOther || d.More() {
			t.Errorf("dataset = kind %d, want PropOther and nothing after it", k)
		}
		if h, err := Query("#nothing-here"); h != 0 || err != nil {
			t.Errorf("Query of nothing = %d, %v", h, err)
		}
		if _, err := Query("[[bad"); err == nil {
			t.Error("an invalid selector is not an error")
		}
	})
}

// Markup that shadows DOM members by name steers none of the commands.
func TestCommandsIgnoreClobberingMarkup(t *testing.T) {
	div, _ := fixture(t, `<form id="f"><input name="firstChild"><input name="setAttribute"><input name="textContent"><input name="insertBefore"></form>`)
	f := handle(t, div, "#f")
	Turn(func() {
		Out().Attr(f, "data-ok", "1")
		Out().Text(f, "plain")
	})
	form := div.Call("querySelector", "#f")
	if form.Call("getAttribute", "data-ok").String() != "1" || div.Get("textContent").String() != "plain" {
		t.Errorf("form: data-ok %v, text %q", form.Call("getAttribute", "data-ok"), div.Get("textContent"))
	}
}

func TestFireSharesAFrozenDetail(t *testing.T) {
	div, root := fixture(t, ``)
	var details []js.Value
	listener := js.FuncOf(func(_ js.Value, args []js.Value) any {
		details = append(details, args[0].Get("detail"))
		return nil
	})
	defer listener.Release()
	div.Call("addEventListener", "x:shared", listener)
	div.Call("addEventListener", "x:own", listener)
	Turn(func() {
		Out().Fire(root, "x:shared", []byte(`{"paths":["a","b"]}`), Bubbles|Shared)
		Out().Fire(root, "x:shared", []byte(`{"paths":["a","b"]}`), Bubbles|Shared)
		Out().Fire(root, "x:own", []byte(`{"n":1}`), Bubbles)
	})
	if len(details) != 3 {
		t.Fatalf("%d events, want 3", len(details))
	}
	isFrozen := js.Global().Get("Object").Get("isFrozen")
	if !details[0].Equal(details[1]) || !isFrozen.Invoke(details[0].Get("paths")).Bool() {
		t.Error("the shared detail is not one frozen object")
	}
	if isFrozen.Invoke(details[2]).Bool() || details[2].Get("n").Int() != 1 {
		t.Error("an unshared detail is frozen or wrong")
	}
}

// A handle stays the same while it is held, and is reused only after
// every receipt is given back.
func TestHandlesFollowTheNodeWhileHeld(t *testing.T) {
	div, root := fixture(t, `<p id="p"></p>`)
	p := div.Call("querySelector", "#p")
	Turn(func() {
		a, b := HandleOf(p), HandleOf(p)
		if a != b || a == root {
			t.Errorf("handles %d, %d for one node", a, b)
		}
		if !NodeOf(a).Equal(p) {
			t.Error("NodeOf does not give the node back")
		}
	})
	Turn(func() {})
	var r []Handle
	Turn(func() {
		r = append(r, Reserve(), Reserve())
		if r[0] == r[1] {
			t.Errorf("two reservations gave handle %d", r[0])
		}
		Out().Release(r[0])
		Out().Release(r[1])
	})
}

// Strings read back to Go arrive whole, whichever way the loader writes
// them: short ASCII a char at a time, the rest through TextEncoder,
// including a short string whose ASCII start was already copied.
func TestReadsCarryEveryString(t *testing.T) {
	values := []string{
		"",
		"m42",
		"abcé",
		"x🚀",
		"\u0000\u007f",
		strings.Repeat("a", 64),
		strings.Repeat("a", 65),
		strings.Repeat("a", 63) + "ü",
		strings.Repeat("ab", 40) + "日本",
	}
	div, _ := fixture(t, "<p></p>")
	p := div.Call("querySelector", "p")
	h := handle(t, div, "p")
	for _, v := range values {
		p.Call("setAttribute", "data-v", v)
		var got string
		var has bool
		Turn(func() { got, has = Attr(h, "data-v") })
		if !has || got != v {
			t.Errorf("Attr read %q, %v; want %q", got, has, v)
		}
	}
}

// OutsideChanges moves for every change to the document but a command
// list's own: page code before a turn, page code in the listener of an
// event a command fires, a change the observer's callback delivers, and a
// fragment swapped in.
func TestOutsideChangesCountsAllButTheCommandsOwnWrites(t *testing.T) {
	div, root := fixture(t, `<p id="p">old</p><b id="b"></b>`)
	p, b := handle(t, div, "#p"), handle(t, div, "#b")
	pNode := div.Call("querySelector", "#p")
	Turn(func() {
		Out().Watch("data-x")
		Out().Watch("aria-Label")
	})
	count := OutsideChanges()
	same := func(what string) {
		t.Helper()
		if got := OutsideChanges(); got != count {
			t.Fatalf("%s: the count moved from %d to %d", what, count, got)
		}
	}
	moved := func(what string) {
		t.Helper()
		got := OutsideChanges()
		if got == count {
			t.Fatalf("%s: the count stayed at %d", what, count)
		}
		count = got
	}

	Turn(func() {
		Out().Text(p, "new")
		Out().Attr(b, "title", "t")
		Out().RemoveAttr(b, "title")
		Out().PropBool(b, "hidden", true)
		Out().Insert(root, b, p)
	})
	same("texts, attributes, a property and a move written by commands")

	pNode.Set("textContent", "page")
	moved("page code in the same task, before the next call")

	pNode.Call("setAttribute", "data-x", "1")
	time.Sleep(20 * time.Millisecond) // the observer's callback runs
	moved("page code whose change the observer's callback delivered")
	same("asked again")

	pNode.Call("setAttribute", "style", "color: red")
	pNode.Call("setAttribute", "title", "t")
	same("attributes no command list watches")
	pNode.Call("setAttribute", "aria-label", "x")
	moved("an attribute watched by another case of its name")

	edit := js.FuncOf(func(js.Value, []js.Value) any {
		pNode.Set("textContent", "by a listener")
		return nil
	})
	defer edit.Release()
	div.Call("addEventListener", "x:edit", edit)
	Turn(func() {
		Out().Text(p, "before")
		Out().Fire(root, "x:edit", nil, Bubbles)
		Out().Text(p, "after")
	})
	moved("a listener of a fired event changed the page")

	frag := document.Call("createDocumentFragment")
	frag.Call("append", document.Call("createElement", "i"))
	Turn(func() { Out().InsertFragment(b, HandleOf(frag), ReplaceChildren) })
	moved("a fragment swapped in")
	if div.Call("querySelector", "b > i").IsNull() {
		t.Error("the fragment is not in <b>")
	}
}
