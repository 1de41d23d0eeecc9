package bridge

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// decodeCommand reads one command back into its opcode and operands, as
// the loader's applier reads it.
func decodeCommand(d *Decoder) (Op, []any) {
	op := Op(d.Byte())
	var args []any
	h := func() { args = append(args, d.Handle()) }
	s := func() { args = append(args, d.Str()) }
	switch op {
	case OpText:
		h()
		s()
	case OpAttr:
		h()
		s()
		s()
	case OpRemoveAttr:
		h()
		s()
	case OpProp:
		h()
		s()
		switch PropKind(d.Byte()) {
		case PropString:
			s()
		case PropBool:
			args = append(args, d.Byte() == 1)
		case PropNumber:
			args = append(args, d.F64())
		}
	case OpInsert:
		h()
		h()
		h()
	case OpRemove, OpRelease, OpRetain:
		h()
	case OpClone:
		h()
		h()
	case OpFire:
		h()
		s()
		s()
		args = append(args, d.Byte())
		for n := d.U32(); n > 0; n-- {
			s()
			switch d.Byte() {
			case 0:
				h()
			case 2:
				var hs []Handle
				for k := d.U32(); k > 0; k-- {
					hs = append(hs, d.Handle())
				}
				args = append(args, fmt.Sprint(hs))
			default:
				s()
			}
		}
	case OpSocketOpen:
		args = append(args, d.U32(), d.Byte())
		s()
		for n := d.U32(); n > 0; n-- {
			s()
		}
	case OpSocketSend:
		args = append(args, d.U32())
		s()
	case OpSocketClose:
		args = append(args, d.U32(), d.U32())
		s()
	case OpWarn:
		s()
	}
	return op, args
}

func TestCommandsReadBackAsWritten(t *testing.T) {
	var e Encoder
	e.Text(7, "héllo")
	e.Attr(7, "aria-expanded", "false")
	e.RemoveAttr(8, "data-x")
	e.PropString(9, "value", "typed")
	e.PropBool(9, "checked", true)
	e.PropNumber(9, "selectedIndex", -0.5)
	e.Insert(1, 10, 0)
	e.Remove(10)
	e.Clone(11, 12)
	e.Fire(Document, "silcrow:patched", []byte(`{"paths":["a"]}`), Bubbles|Shared)
	e.Fire(Document, "silcrow:load", nil, Bubbles, Member{Name: "target", Node: 4}, Member{Name: "error", Error: "boom"})
	e.Fire(Document, "silcrow:live:connect", nil, Bubbles, Member{Name: "subscribers", Nodes: []Handle{4, 9}, Node: 5}, Member{Name: "none", Nodes: []Handle{}})
	e.Release(11)
	e.Retain(11)
	e.SocketOpen(3, KindWebSocket, "ws://h/p", []string{"silcrow.v1", "x"})
	e.SocketOpen(4, KindEventSource, "http://h/e", nil)
	e.SocketSend(3, "")
	e.SocketClose(3, 1000, "bye")
	e.Warn("careful")
	want := []struct {
		op   Op
		args []any
	}{
		{OpText, []any{Handle(7), "héllo"}},
		{OpAttr, []any{Handle(7), "aria-expanded", "false"}},
		{OpRemoveAttr, []any{Handle(8), "data-x"}},
		{OpProp, []any{Handle(9), "value", "typed"}},
		{OpProp, []any{Handle(9), "checked", true}},
		{OpProp, []any{Handle(9), "selectedIndex", -0.5}},
		{OpInsert, []any{Handle(1), Handle(10), Handle(0)}},
		{OpRemove, []any{Handle(10)}},
		{OpClone, []any{Handle(11), Handle(12)}},
		{OpFire, []any{Document, "silcrow:patched", `{"paths":["a"]}`, Bubbles | Shared}},
		{OpFire, []any{Document, "silcrow:load", "", Bubbles, "target", Handle(4), "error", "boom"}},
		{OpFire, []any{Document, "silcrow:live:connect", "", Bubbles, "subscribers", "[4 9]", "none", "[]"}},
		{OpRelease, []any{Handle(11)}},
		{OpRetain, []any{Handle(11)}},
		{OpSocketOpen, []any{uint32(3), KindWebSocket, "ws://h/p", "silcrow.v1", "x"}},
		{OpSocketOpen, []any{uint32(4), KindEventSource, "http://h/e"}},
		{OpSocketSend, []any{uint32(3), ""}},
		{OpSocketClose, []any{uint32(3), uint32(1000), "bye"}},
		{OpWarn, []any{"careful"}},
	}
	if e.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", e.Len(), len(want))
	}
	d := &Decoder{B: e.B}
	for i, w := range want {
		op, args := decodeCommand(d)
		if op != w.op || len(args) != len(w.args) {
			t.Fatalf("command %d = %d %v, want %d %v", i, op, args, w.op, w.args)
		}
		for j := range args {
			if args[j] != w.args[j] {
				t.Errorf("command %d operand %d = %#v, want %#v", i, j, args[j], w.args[j])
			}
		}
	}
	if d.More() || d.Err != nil {
		t.Errorf("after the last command: more = %v, err = %v; want the end", d.More(), d.Err)
	}
	e.Reset()
	if e.Len() != 0 || len(e.B) != 0 {
		t.Errorf("after Reset: %d commands, %d bytes", e.Len(), len(e.B))
	}
}

func TestNumbersKeepEveryBit(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1e21, -1.5, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(-1)} {
		var e Encoder
		e.F64(f)
		d := Decoder{B: e.B}
		if got := d.F64(); math.Float64bits(got) != math.Float64bits(f) {
			t.Errorf("F64 %v read back as %v", f, got)
		}
	}
	var e Encoder
	e.U32(0xDEADBEEF)
	if e.B[0] != 0xEF || e.B[3] != 0xDE {
		t.Errorf("U32 is not little-endian: % x", e.B)
	}
}

// A result that ends early reads as zero values and says so once.
func TestDecoderPastTheEnd(t *testing.T) {
	var e Encoder
	e.Str("abc")
	for cut := 0; cut < len(e.B); cut++ {
		d := Decoder{B: e.B[:cut]}
		if s := d.Str(); s != "" || !errors.Is(d.Err, ErrShort) {
			t.Errorf("%d bytes: Str = %q, err %v; want \"\" and ErrShort", cut, s, d.Err)
		}
		if d.U32() != 0 || d.Byte() != 0 || d.F64() != 0 || d.More() {
			t.Errorf("%d bytes: reads after the end are not zero", cut)
		}
	}
	d := Decoder{B: []byte{0xFF, 0xFF, 0xFF, 0x7F}}
	if d.Str(); d.Err == nil {
		t.Error("a string longer than the result is not an error")
	}
}

func TestMutationsAndArgsDecode(t *testing.T) {
	var e Encoder
	e.Byte(1)
	e.Handle(5).Byte(1).Str("/ws/a")
	e.Handle(6).Byte(0).Str("")
	m := DecodeMutations(&Decoder{B: e.B})
	if !m.Removed || len(m.Live) != 2 || m.Live[0] != (LiveChange{Node: 5, Attr: "/ws/a", Has: true}) || m.Live[1] != (LiveChange{Node: 6}) {
		t.Errorf("mutations = %+v", m)
	}

	e.Reset()
	e.Byte(byte(ArgJSON)).Str(`{"n":1}`)
	e.Byte(byte(ArgNode)).Handle(9)
	e.Byte(byte(ArgUndefined))
	e.Byte(byte(ArgString)).Str("#x")
	e.Byte(byte(ArgOther)).Str("cyclic")
	args := Args(&Decoder{B: e.B})
	want := []Arg{{Kind: ArgJSON, Str: `{"n":1}`}, {Kind: ArgNode, Node: 9}, {}, {Kind: ArgString, Str: "#x"}, {Kind: ArgOther, Str: "cyclic"}}
	if len(args) != len(want) {
		t.Fatalf("args = %+v, want %+v", args, want)
	}
	for i := range want {
		if args[i] != want[i] {
			t.Errorf("arg %d = %+v, want %+v", i, args[i], want[i])
		}
	}
}

func TestPanicText(t *testing.T) {
	for _, tt := range []struct {
		r    any
		want string
	}{{errors.New("boom"), "boom"}, {"text", "text"}, {42, "unknown panic"}} {
		if got := PanicText(tt.r); got != tt.want {
			t.Errorf("PanicText(%v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

// BenchmarkEncodePatchMessage writes the commands of one S2 message: a
// text, a nested text, an input's value, a button's disabled property and
// a data attribute, then silcrow:patched.
func BenchmarkEncodePatchMessage(b *testing.B) {
	var e Encoder
	detail := []byte(`{"paths":["count","user.name","input","busy","state"]}`)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Reset()
		e.Text(5, "4711")
		e.Text(6, "Ada Lovelace")
		e.PropString(7, "value", "typed 4711")
		e.PropBool(8, "disabled", i&1 == 0)
		e.Attr(9, "data-state", "odd")
		e.Fire(4, "silcrow:patched", detail, Bubbles|Shared)
	}
}

// BenchmarkEncodeListPatch writes a list patch of 1,000 items: 3 texts
// each, 5 moves.
func BenchmarkEncodeListPatch(b *testing.B) {
	var e Encoder
	b.ReportAllocs()
	for b.Loop() {
		e.Reset()
		for i := range 1000 {
			h := Handle(100 + 4*i)
			e.Text(h+1, "title of item")
			e.Text(h+2, "42")
			e.Text(h+3, "owner")
		}
		for i := range 5 {
			e.Insert(3, Handle(100+4*i), Handle(200+4*i))
		}
	}
}

func TestScanResultsDecode(t *testing.T) {
	var e Encoder
	e.Byte(1).U32(2)
	e.Handle(7).Str("DIV").Byte(1).Str("count").Byte(0).Str("")
	e.Handle(8).Str("UL").Byte(0).Str("").Byte(1).Str("items")
	top, found := DecodeScan(&Decoder{B: e.B}, 2)
	want := []Scanned{
		{Node: 7, Tag: "DIV", Attrs: []Attribute{{Value: "count", Has: true}, {}}},
		{Node: 8, Tag: "UL", Attrs: []Attribute{{}, {Value: "items", Has: true}}},
	}
	if !top || len(found) != len(want) {
		t.Fatalf("top %v, found %+v; want true and %+v", top, found, want)
	}
	for i := range want {
		if found[i].Node != want[i].Node || found[i].Tag != want[i].Tag || found[i].Attrs[0] != want[i].Attrs[0] || found[i].Attrs[1] != want[i].Attrs[1] {
			t.Errorf("found[%d] = %+v, want %+v", i, found[i], want[i])
		}
	}
	// A count larger than the result cannot make DecodeScan allocate it.
	if _, found := DecodeScan(&Decoder{B: []byte{0, 0xFF, 0xFF, 0xFF, 0x7F}}, 1); len(found) != 0 {
		t.Errorf("a truncated result gave %d elements", len(found))
	}
}
