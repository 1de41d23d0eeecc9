//go:build js && wasm

package bridge

import "testing"

// BenchmarkApplyOneCommand is one turn whose one command does nothing:
// the cost of a crossing with a command list.
func BenchmarkApplyOneCommand(b *testing.B) {
	for b.Loop() {
		Turn(func() { Out().Retain(Document) })
	}
}

// BenchmarkApplyTextCommands is one turn of five text writes that find
// the text already shown.
func BenchmarkApplyTextCommands(b *testing.B) {
	div := document.Call("createElement", "div")
	div.Set("innerHTML", "<p>1</p><p>2</p><p>3</p><p>4</p><p>5</p>")
	document.Get("body").Call("appendChild", div)
	defer div.Call("remove")
	var hs []Handle
	Turn(func() {
		ps := div.Call("querySelectorAll", "p")
		for i := range 5 {
			h := HandleOf(ps.Index(i))
			Out().Retain(h)
			hs = append(hs, h)
		}
	})
	for b.Loop() {
		Turn(func() {
			for i, h := range hs {
				Out().Text(h, string(rune('1'+i)))
			}
		})
	}
}

// BenchmarkReadRelations is one read of one handle's relations.
func BenchmarkReadRelations(b *testing.B) {
	for b.Loop() {
		Turn(func() { Relations(Document, []Handle{Document}) })
	}
}

// BenchmarkApplyPatchMessage is the turn of one S2 message: four writes
// that change what five elements show, and silcrow:patched.
func BenchmarkApplyPatchMessage(b *testing.B) {
	div := document.Call("createElement", "div")
	div.Set("innerHTML", `<p>1</p><p>2</p><input><button></button><i></i>`)
	document.Get("body").Call("appendChild", div)
	defer div.Call("remove")
	var hs []Handle
	Turn(func() {
		for _, sel := range []string{"p", "p+p", "input", "button", "i"} {
			h := HandleOf(div.Call("querySelector", sel))
			Out().Retain(h)
			hs = append(hs, h)
		}
		hs = append(hs, HandleOf(div))
		Out().Retain(hs[5])
	})
	detail := []byte(`{"paths":["count","user.name","input","busy","state"]}`)
	texts := []string{"4711", "4712"}
	for i := 0; b.Loop(); i++ {
		Turn(func() {
			out := Out()
			out.Text(hs[0], texts[i&1])
			out.Text(hs[1], texts[1-i&1])
			out.PropString(hs[2], "value", texts[i&1])
			out.PropBool(hs[3], "disabled", i&1 == 0)
			out.Attr(hs[4], "data-state", texts[i&1])
			out.Fire(hs[5], "silcrow:patched", detail, Bubbles|Shared)
		})
	}
}
