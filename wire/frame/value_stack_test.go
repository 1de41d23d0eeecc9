package frame

import "testing"

// The stacks ParseValue keeps from call to call come back empty, also
// after a parse that failed halfway, so that no value of one message
// reaches the next, nor stays reachable.
func TestParseValueKeepsNoValueBetweenCalls(t *testing.T) {
	if _, err := ParseValue([]byte(`{"a":[1,"two",{"b":[3,{"c":`)); err == nil {
		t.Fatal("a truncated value parsed")
	}
	for _, m := range stacks.members[:cap(stacks.members)] {
		if m != (Member{}) {
			t.Fatalf("member %+v left on the kept stack", m)
		}
	}
	for _, e := range stacks.elems[:cap(stacks.elems)] {
		if e != nil {
			t.Fatalf("element %v left on the kept stack", e)
		}
	}
	v, err := ParseValue([]byte(`{"x":[4,5]}`))
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*Object)
	if len(o.Members()) != 1 || o.Members()[0].Name != "x" || len(o.Members()[0].Value.([]any)) != 2 {
		t.Fatalf("parsed %+v after a failed parse, want {x:[4,5]}", o.Members())
	}
}

// An object of one to four members is one allocation, its members
// included; the empty one is one, a larger one two. Every member of
// every object keeps its name and value, whatever the size.
func TestParseValueObjectAllocations(t *testing.T) {
	for n := 0; n <= 8; n++ {
		text := "{"
		for i := range n {
			if i > 0 {
				text += ","
			}
			text += `"m` + string(rune('a'+i)) + `":` + string(rune('0'+i))
		}
		text += "}"
		b := []byte(text)
		v, err := ParseValue(b)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		ms := v.(*Object).Members()
		if len(ms) != n {
			t.Fatalf("%s: %d members, want %d", text, len(ms), n)
		}
		for i, m := range ms {
			if m.Name != "m"+string(rune('a'+i)) || m.Value != float64(i) {
				t.Fatalf("%s: member %d is %q:%v", text, i, m.Name, m.Value)
			}
		}
		want := 1.0 // the empty object included
		if n > 4 {
			want = 2
		}
		if got := testing.AllocsPerRun(100, func() { ParseValue(b) }); got != want {
			t.Errorf("%s: %v allocations, want %v", text, got, want)
		}
	}
}
