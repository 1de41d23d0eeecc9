package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silcrow/silcrow/wire"
)

// swapModeCase is one swap mode applied to the fixture
// <section id="s-MODE"><div id="t-MODE"><p>old</p></div></section>
// with the html event targeting #t-MODE.
type swapModeCase struct {
	mode   wire.Swap
	markup string
	// want is the section's markup afterwards.
	want string
	// keepsOld says the old <p> is still in the section, as the same node.
	keepsOld bool
}

var swapModeCases = []swapModeCase{
	{wire.Inner, `<em>new</em>`, `<div id="t-inner"><em>new</em></div>`, false},
	{wire.Outer, `<div id="t-outer" class="replaced"><em>new</em></div>`, `<div id="t-outer" class="replaced"><em>new</em></div>`, false},
	{wire.Append, `<em>new</em>`, `<div id="t-append"><p>old</p><em>new</em></div>`, true},
	{wire.Prepend, `<em>new</em>`, `<div id="t-prepend"><em>new</em><p>old</p></div>`, true},
	{wire.Before, `<em>new</em>`, `<em>new</em><div id="t-before"><p>old</p></div>`, true},
	{wire.After, `<em>new</em>`, `<div id="t-after"><p>old</p></div><em>new</em>`, true},
	{wire.Remove, ``, ``, false},
	{wire.Morph, `<p class="new">new</p>`, `<div id="t-morph"><p class="new">new</p></div>`, true},
}

// Each swap mode of an html event, sent by the server, puts the markup
// where it says, and keeps the target's old content only where it says.
func TestSwapModesOverTheWire(t *testing.T) {
	ts := newTestServer(t)
	var sections strings.Builder
	for _, tc := range swapModeCases {
		fmt.Fprintf(&sections, `<section id="s-%[1]s"><div id="t-%[1]s"><p>old</p></div></section>`, tc.mode)
	}
	tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"></div>`+sections.String())

	for _, tc := range swapModeCases {
		t.Run(string(tc.mode), func(t *testing.T) {
			tb := tb.with(t)
			section := fmt.Sprintf(`$id("s-%s")`, tc.mode)
			tb.exec(fmt.Sprintf(`window.__old = %s.querySelector("p")`, section))

			c.send(t, wire.HTML(tc.markup, "#t-"+string(tc.mode)).WithSwap(tc.mode))

			tb.waitFor("the swap", section+".innerHTML === "+js(tc.want))
			if kept := eval[bool](tb, section+".contains(__old)"); kept != tc.keepsOld {
				t.Errorf("the old <p> is still in the section: %v, want %v", kept, tc.keepsOld)
			}
		})
	}
}

// New s-live elements that a swap brings in are connected whatever the
// mode, and s-live elements that a swap takes out close their sockets.
func TestSwapModesConnectAndDisconnectLiveElements(t *testing.T) {
	ts := newTestServer(t)
	adding := []wire.Swap{wire.Inner, wire.Outer, wire.Append, wire.Prepend, wire.Before, wire.After, wire.Morph}
	// removing maps a mode to the element its event targets: the s-live
	// element itself, or its parent, whose content is replaced.
	removing := map[wire.Swap]string{wire.Outer: "rt", wire.Remove: "rt", wire.Inner: "r", wire.Morph: "r"}

	var body strings.Builder
	body.WriteString(`<div id="root" s-live="/ws/{{id}}"></div>`)
	for _, mode := range adding {
		fmt.Fprintf(&body, `<div id="a-%[1]s"><div id="at-%[1]s"><p>old</p></div></div>`, mode)
	}
	goneIDs := map[wire.Swap]string{}
	for mode := range removing {
		goneIDs[mode] = newID()
		fmt.Fprintf(&body, `<div id="r-%[1]s"><div id="rt-%[1]s" s-live="/ws/%[2]s"></div></div>`, mode, goneIDs[mode])
	}
	tb, rootID := openPage(t, ts, "", body.String())
	c := ts.stream(t, rootID, 1)
	gone := map[wire.Swap]*streamConn{}
	for mode, id := range goneIDs {
		gone[mode] = ts.stream(t, id, 1)
	}
	tb.waitFor("every socket open", fmt.Sprintf(`__count("silcrow:live:connect") === %d`, 1+len(goneIDs)))

	t.Run("connect", func(t *testing.T) {
		for _, mode := range adding {
			id := newID()
			markup := fmt.Sprintf(`<div class="added" s-live="/ws/%s"><p>live</p></div>`, id)
			c.send(t, wire.HTML(markup, "#at-"+string(mode)).WithSwap(mode))
			added := ts.stream(t, id, 1)
			// The new connection carries events both ways.
			tb.with(t).exec(fmt.Sprintf(`Silcrow.send($id("a-%s").querySelector(".added"), {event: "hello", data: {}})`, mode))
			if got := added.next(t); got.err != nil || got.ev.Name != "hello" {
				t.Errorf("%s: the new element's connection received %v, %v; want the custom event hello", mode, got.ev, got.err)
			}
		}
	})

	t.Run("disconnect", func(t *testing.T) {
		for mode, target := range removing {
			c.send(t, wire.HTML(`<p>gone</p>`, fmt.Sprintf("#%s-%s", target, mode)).WithSwap(mode))
			t.Logf("%s: the handler's Recv returned %v", mode, gone[mode].waitDone(t))
		}
		stays(t, noReconnectPeriod, "no removed element reconnects", func() bool {
			for _, id := range goneIDs {
				if ts.streamCount(id) != 1 {
					return false
				}
			}
			return true
		})
	})
}

// morphForm is the form of the morph test: v is 1 before the morph and 2
// in the markup the server sends.
func morphForm(v int, label, placeholder, hint string) string {
	return fmt.Sprintf(`<form id="f" class="v%d"><label id="lbl" for="name" data-step="%d">%s</label>`+
		`<input id="name" name="name" placeholder="%s" value="server %d"><p id="hint">%s</p></form>`,
		v, v, label, placeholder, v, hint)
}

// A morph of a form sent over the wire while the user types in it: the
// focused input keeps its identity, focus, typed value and selection, and
// what changed in the markup (label text, attributes, a placeholder,
// another text) is updated in place.
func TestMorphKeepsTheFocusedInputOverTheWire(t *testing.T) {
	ts := newTestServer(t)
	tb, c, _ := openLive(t, ts, "",
		`<div id="root" s-live="/ws/{{id}}"></div><div id="wrap">`+morphForm(1, "Name", "old", "old hint")+`</div>`)

	const typed = "hello world"
	// The user clears the server's value and types.
	tb.exec(`$id("name").value = ""`)
	tb.do("type into the input", chromedp.SendKeys(chromedp.CSS("#name"), typed))
	tb.exec(`(() => {
		$id("name").setSelectionRange(2, 7);
		window.__form = $id("f"); window.__input = $id("name"); window.__label = $id("lbl");
	})()`)
	if !eval[bool](tb, `document.activeElement === __input && __input.value === `+js(typed)) {
		t.Fatalf("before the morph: focus on %s, value %q; want the input focused holding %q",
			eval[string](tb, `document.activeElement.id`), eval[string](tb, `__input.value`), typed)
	}

	c.send(t, wire.HTML(morphForm(2, "Full name", "new", "new hint"), "#wrap").WithSwap(wire.Morph))
	tb.waitFor("the morph", `$id("hint").textContent === "new hint"`)

	got := eval[struct {
		SameForm, SameInput, SameLabel, Focused bool
		Value                                   string
		Start, End                              int
		Label, Step, FormClass, Placeholder     string
	}](tb, `({
		SameForm: $id("f") === __form, SameInput: $id("name") === __input, SameLabel: $id("lbl") === __label,
		Focused: document.activeElement === __input,
		Value: __input.value, Start: __input.selectionStart, End: __input.selectionEnd,
		Label: __label.textContent, Step: __label.getAttribute("data-step"),
		FormClass: __form.className, Placeholder: __input.getAttribute("placeholder"),
	})`)
	if !got.SameForm || !got.SameInput || !got.SameLabel {
		t.Errorf("same nodes after the morph: form %v, input %v, label %v; want all kept", got.SameForm, got.SameInput, got.SameLabel)
	}
	if !got.Focused || got.Value != typed || got.Start != 2 || got.End != 7 {
		t.Errorf("the input after the morph: focused %v, value %q, selection %d…%d; want focused, %q, 2…7",
			got.Focused, got.Value, got.Start, got.End, typed)
	}
	if got.Label != "Full name" || got.Step != "2" || got.FormClass != "v2" || got.Placeholder != "new" {
		t.Errorf("after the morph: label %q data-step %q, form class %q, placeholder %q; want Full name, 2, v2, new",
			got.Label, got.Step, got.FormClass, got.Placeholder)
	}
}
