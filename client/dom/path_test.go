package dom

import (
	"reflect"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

func TestParsePathAcceptsTheSpecGrammar(t *testing.T) {
	tests := []struct {
		in    string
		local bool
		keys  []string
	}{
		{"count", false, []string{"count"}},
		{"user.name", false, []string{"user", "name"}},
		{"a-b_c.0.Z9", false, []string{"a-b_c", "0", "Z9"}},
		{"__proto__", false, []string{"__proto__"}},
		{".title", true, []string{"title"}},
		{".a.b", true, []string{"a", "b"}},
	}
	for _, tt := range tests {
		p, err := ParsePath(tt.in)
		if err != nil {
			t.Errorf("ParsePath(%q) error: %v", tt.in, err)
			continue
		}
		if p.IsLocal() != tt.local || !reflect.DeepEqual(p.keys, tt.keys) {
			t.Errorf("ParsePath(%q) = local %v keys %q, want local %v keys %q", tt.in, p.IsLocal(), p.keys, tt.local, tt.keys)
		}
		if p.String() != tt.in {
			t.Errorf("ParsePath(%q).String() = %q", tt.in, p.String())
		}
	}
}

func TestParsePathRejectsEverythingElse(t *testing.T) {
	for _, in := range []string{
		"", ".", "..a", "a.", "a..b", ".a.", "a b", " a", "a ", "a:b", "a/b",
		"a[0]", "$a", "a.b c", "é", "a\tb", "a\x00",
	} {
		if p, err := ParsePath(in); err == nil {
			t.Errorf("ParsePath(%q) = %v, want an error", in, p)
		}
	}
}

const resolveData = `{
	"user": {
		"name": "Ann",
		"tags": ["x", "y"],
		"nothing": null,
		"__proto__": {"polluted": 1},
		"constructor": "c",
		"prototype": "p"
	},
	"count": 0,
	"flag": false,
	"s": "str",
	"items": [{"t": "a"}, [10, 20]]
}`

func TestResolve(t *testing.T) {
	data, err := frame.ParseValue([]byte(resolveData))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path  string
		want  any
		found bool
	}{
		{"user.name", "Ann", true},
		{"count", 0.0, true},
		{"flag", false, true},
		{"user.nothing", nil, true},
		{"user.tags.0", "x", true},
		{"user.tags.1", "y", true},
		{"items.0.t", "a", true},
		{"items.1.1", 20.0, true},
		{".user.name", "Ann", true},

		{"missing", nil, false},
		{"user.missing", nil, false},
		{"user.nothing.x", nil, false},
		{"count.x", nil, false},
		{"user.tags.2", nil, false},
		{"user.tags.01", nil, false},
		{"user.tags.-1", nil, false},
		{"user.tags.99999999999999999999", nil, false},

		// Only own data: prototype names and inherited members are nothing.
		{"__proto__", nil, false},
		{"user.__proto__", nil, false},
		{"user.__proto__.polluted", nil, false},
		{"user.constructor", nil, false},
		{"user.prototype", nil, false},
		{"constructor", nil, false},
		{"toString", nil, false},
		{"user.hasOwnProperty", nil, false},
		{"user.name.length", nil, false},
		{"s.length", nil, false},
		{"s.0", nil, false},
		{"user.tags.length", nil, false},
		{"count.toFixed", nil, false},
	}
	for _, tt := range tests {
		p, err := ParsePath(tt.path)
		if err != nil {
			t.Fatalf("ParsePath(%q): %v", tt.path, err)
		}
		got, found := Resolve(data, p)
		if found != tt.found || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Resolve(%q) = %#v, %v; want %#v, %v", tt.path, got, found, tt.want, tt.found)
		}
	}
}

func TestResolveWalksNothingButObjectsAndArrays(t *testing.T) {
	p, _ := ParsePath("0")
	for _, data := range []any{"abc", 1.0, true, nil} {
		if got, found := Resolve(data, p); found {
			t.Errorf("Resolve(%#v, \"0\") = %#v, want nothing", data, got)
		}
	}
	if got, found := Resolve([]any{"first"}, p); !found || got != "first" {
		t.Errorf(`Resolve(["first"], "0") = %#v, %v; want "first"`, got, found)
	}
}
