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
