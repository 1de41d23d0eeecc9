//go:build js && wasm

package dom

import (
	"fmt"
	"strings"
	"syscall/js"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// scrollerStyle gives .scroller a fixed height and its own scrolling,
// from a style sheet: a morph removes style attributes the markup does
// not carry, and the sanitizer never lets one through.
func scrollerStyle(t *testing.T) {
	doc := js.Global().Get("document")
	style := doc.Call("createElement", "style")
	style.Set("textContent", ".scroller{height:60px;overflow:auto} .scroller p{height:20px;margin:0}")
	doc.Get("head").Call("appendChild", style)
	t.Cleanup(func() { style.Call("remove") })
}

func numberedParagraphs(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "<p>%d</p>", i)
	}
	return b.String()
}

// TestMorphKeepsFocusCaretAndScroll: the form a user is typing in is
// re-rendered by the server and morphed in. The input is the same
// element, still focused, with the text typed and the caret where they
// were; the attributes and texts the server changed are updated; a
// scrolled box keeps its scroll position.
func TestMorphKeepsFocusCaretAndScroll(t *testing.T) {
	scrollerStyle(t)
	target := swapTarget(t, "")
	before := `<form id="signup" action="/a">` +
		`<label for="email">Email</label><input id="email" name="email" value="">` +
		`<p class="hint">Type your email</p><input id="other" name="other" value="first"></form>` +
		`<div id="log" class="scroller">` + numberedParagraphs(1, 50) + `</div>`
	if err := swapEl(target, before, frame.Inner); err != nil {
		t.Fatalf("first swap: %v", err)
	}
	doc := js.Global().Get("document")
	form := doc.Call("getElementById", "signup")
	input := doc.Call("getElementById", "email")
	other := doc.Call("getElementById", "other")
	hint := form.Call("querySelector", ".hint")
	log := doc.Call("getElementById", "log")

	input.Call("focus")
	input.Set("value", "ada@exa")
	input.Call("dispatchEvent", js.Global().Get("Event").New("input", map[string]any{"bubbles": true}))
	input.Call("setSelectionRange", 2, 5)
	log.Set("scrollTop", 120)
	if got := log.Get("scrollTop").Int(); got != 120 {
		t.Fatalf("the log does not scroll (scrollTop %d); the test cannot check it", got)
	}

	after := `<form id="signup" action="/b" class="sent">` +
		`<label for="email">E-mail</label><input id="email" name="email" value="server" aria-invalid="true">` +
		`<p class="hint error">Taken</p><input id="other" name="other" value="second"><p class="note">new</p></form>` +
		`<div id="log" class="scroller">` + numberedParagraphs(1, 51) + `</div>`
	if err := swapHTMLEvent(target, after, frame.Morph); err != nil {
		t.Fatalf("morph: %v", err)
	}

	same := []struct {
		name string
		old  js.Value
		now  js.Value
	}{
		{"form", form, doc.Call("getElementById", "signup")},
		{"focused input", input, doc.Call("getElementById", "email")},
		{"other input", other, doc.Call("getElementById", "other")},
		{"hint", hint, form.Call("querySelector", ".hint")},
		{"log", log, doc.Call("getElementById", "log")},
	}
	for _, s := range same {
		if !s.old.Equal(s.now) {
			t.Errorf("the %s is a new element after the morph, want the same one", s.name)
		}
	}
	if !doc.Get("activeElement").Equal(input) {
		t.Errorf("document.activeElement is a %s, want the input", doc.Get("activeElement").Get("tagName").String())
	}
	if got := input.Get("value").String(); got != "ada@exa" {
		t.Errorf("typed value = %q after the morph, want ada@exa", got)
	}
	if s, e := input.Get("selectionStart").Int(), input.Get("selectionEnd").Int(); s != 2 || e != 5 {
		t.Errorf("selection = %d..%d after the morph, want 2..5", s, e)
	}
	if got := log.Get("scrollTop").Int(); got != 120 {
		t.Errorf("log scrollTop = %d after the morph, want 120", got)
	}

	checks := []struct {
		what, got, want string
	}{
		{"form action", form.Call("getAttribute", "action").String(), "/b"},
		{"form class", form.Call("getAttribute", "class").String(), "sent"},
		{"label text", form.Call("querySelector", "label").Get("textContent").String(), "E-mail"},
		{"input value attribute", input.Call("getAttribute", "value").String(), "server"},
		{"input aria-invalid", input.Call("getAttribute", "aria-invalid").String(), "true"},
		{"hint class", hint.Get("className").String(), "hint error"},
		{"hint text", hint.Get("textContent").String(), "Taken"},
		// An input nobody edited or focused shows its new value
		// attribute, as the browser's own default value rule has it.
		{"untouched input value", other.Get("value").String(), "second"},
		{"new note", form.Call("querySelector", ".note").Get("textContent").String(), "new"},
		{"log length", fmt.Sprint(log.Get("children").Length()), "51"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
}

// TestMorphKeepsFocusedValueTheUserHasNotEdited: the rule is about the
// focused control too, edited or not: the markup's new value attribute
// does not replace what the user is looking at and about to type into.
func TestMorphKeepsFocusedValueTheUserHasNotEdited(t *testing.T) {
	target := swapTarget(t, "")
	if err := swapEl(target, `<input id="q" value="draft">`, frame.Inner); err != nil {
		t.Fatal(err)
	}
	input := target.Call("querySelector", "#q")
	input.Call("focus")
	input.Call("setSelectionRange", 1, 3)
	if err := swapEl(target, `<input id="q" value="from server">`, frame.Morph); err != nil {
		t.Fatal(err)
	}
	if !target.Call("querySelector", "#q").Equal(input) {
		t.Fatal("the input was replaced")
	}
	if got := input.Get("value").String(); got != "draft" {
		t.Errorf("focused input value = %q, want draft", got)
	}
	if s, e := input.Get("selectionStart").Int(), input.Get("selectionEnd").Int(); s != 1 || e != 3 {
		t.Errorf("selection = %d..%d, want 1..3", s, e)
	}
	if got := input.Call("getAttribute", "value").String(); got != "from server" {
		t.Errorf("value attribute = %q, want the markup's", got)
	}
}

// TestMorphMovesKeyedElementsKeepingFocus: keyed items reversed by the
// server are moved, not recreated, and the input focused inside one of
// them keeps focus and its text.
func TestMorphMovesKeyedElementsKeepingFocus(t *testing.T) {
	target := swapTarget(t, "")
	items := func(keys ...string) string {
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, `<li s-key="%s"><input name="%s"></li>`, k, k)
		}
		return "<ul>" + b.String() + "</ul>"
	}
	if err := swapEl(target, items("a", "b", "c", "d"), frame.Inner); err != nil {
		t.Fatal(err)
	}
	lis := map[string]js.Value{}
	for _, k := range []string{"a", "b", "c", "d"} {
		lis[k] = target.Call("querySelector", `li[s-key="`+k+`"]`)
	}
	// Reversed, a stays where it is and the others move around it (the
	// fewest moves); b is one that moves.
	input := lis["b"].Call("querySelector", "input")
	input.Call("focus")
	input.Set("value", "typing")

	if err := swapEl(target, items("d", "c", "b", "a"), frame.Morph); err != nil {
		t.Fatal(err)
	}
	now := target.Call("querySelectorAll", "li")
	for i, k := range []string{"d", "c", "b", "a"} {
		if !now.Index(i).Equal(lis[k]) {
			t.Errorf("item %d is not the old %q element", i, k)
		}
	}
	if !js.Global().Get("document").Get("activeElement").Equal(input) {
		t.Error("the focused input lost focus when its item moved")
	}
	if got := input.Get("value").String(); got != "typing" {
		t.Errorf("the moved input's value = %q, want typing", got)
	}
}
