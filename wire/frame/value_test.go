package frame_test

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// sameValue is reflect.DeepEqual except that numbers must have the same
// bits, so that -0 is not 0, and that a *frame.Object equals the
// map[string]any of what its Get finds.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case *frame.Object:
		return sameValue(plain(a), b)
	case float64:
		b, ok := b.(float64)
		return ok && math.Float64bits(a) == math.Float64bits(b)
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			w, ok := b[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// plain returns v with every *frame.Object in it made a map[string]any.
func plain(v any) any {
	switch v := v.(type) {
	case *frame.Object:
		m := map[string]any{}
		for _, member := range v.Members() {
			m[member.Name], _ = v.Get(member.Name)
		}
		for k, w := range m {
			m[k] = plain(w)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, w := range v {
			out[i] = plain(w)
		}
		return out
	}
	return v
}

// An Object keeps its members in the order of the text, repeated names
// included, and Get finds the last of a repeated name, as JSON.parse keeps
// it, both in a small object and in one large enough to be indexed.
func TestObjectMembersAndGet(t *testing.T) {
	for _, size := range []int{3, 40} {
		var b strings.Builder
		b.WriteString(`{"dup":"first"`)
		for i := range size {
			b.WriteString(`,"k` + strconv.Itoa(i) + `":` + strconv.Itoa(i))
		}
		b.WriteString(`,"dup":"last"}`)
		v, err := frame.ParseValue([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		o := v.(*frame.Object)
		members := o.Members()
		if len(members) != size+2 || members[0].Name != "dup" || members[0].Value != "first" || members[size+1].Value != "last" {
			t.Fatalf("%d members: Members() = %v", size, members)
		}
		if got, ok := o.Get("dup"); !ok || got != "last" {
			t.Errorf("%d members: Get(dup) = %v, %v; want last, true", size, got, ok)
		}
		if got, ok := o.Get("k" + strconv.Itoa(size-1)); !ok || got != float64(size-1) {
			t.Errorf("%d members: Get(k%d) = %v, %v", size, size-1, got, ok)
		}
		if got, ok := o.Get("missing"); ok {
			t.Errorf("%d members: Get(missing) = %v, true; want nothing", size, got)
		}
	}
}

// ParseValue gives the values JavaScript's JSON.parse gives, as Go values.
func TestParseValue(t *testing.T) {
	tests := []struct {
		name, json string
		want       any
	}{
		{"zero", `0`, 0.0},
		{"negative zero keeps its sign", `-0`, math.Copysign(0, -1)},
		{"negative zero with a fraction", `-0.0`, math.Copysign(0, -1)},
		{"integer", `42`, 42.0},
		{"negative", `-17`, -17.0},
		{"fraction", `0.75`, 0.75},
		{"exponent", `1e21`, 1e21},
		{"exponent with sign and capital E", `2.5E-3`, 0.0025},
		{"exponent with plus", `1e+2`, 100.0},
		{"smallest denormal", `5e-324`, 5e-324},
		{"underflow is zero", `1e-400`, 0.0},
		{"negative underflow is negative zero", `-1e-400`, math.Copysign(0, -1)},
		{"largest float", `1.7976931348623157e308`, math.MaxFloat64},
		{"overflow is infinity", `1e700`, math.Inf(1)},
		{"negative overflow is minus infinity", `-1e700`, math.Inf(-1)},
		{"integer beyond 2^53 rounds", `9007199254740993`, 9007199254740992.0},
		{"long mantissa", `12345678901234567890`, 12345678901234567890.0},
		{"true", `true`, true},
		{"false", `false`, false},
		{"null", `null`, nil},
		{"empty string", `""`, ""},
		{"string", `"hi"`, "hi"},
		{"simple escapes", `"\" \\ \/ \b \f \n \r \t"`, "\" \\ / \b \f \n \r \t"},
		{"unicode escapes in either case", `"\u00e9\u00E9\u4e16"`, "éé世"},
		{"escaped NUL", `"a\u0000b"`, "a\x00b"},
		{"surrogate pair", `"\ud83d\ude80"`, "🚀"},
		{"surrogate pair in capitals", `"\uD83D\uDE80"`, "🚀"},
		{"lone high surrogate", `"a\ud800b"`, "a\ufffdb"},
		{"lone low surrogate", `"a\udc00b"`, "a\ufffdb"},
		{"high surrogate at the end", `"\ud800"`, "\ufffd"},
		{"two high surrogates", `"\ud800\ud800"`, "\ufffd\ufffd"},
		{"low then high surrogate", `"\udc00\ud800"`, "\ufffd\ufffd"},
		{"low surrogate, then a pair", `"\udc00\ud83d\ude80"`, "\ufffd🚀"},
		{"high surrogate before an escape that is not one", `"\ud800\n"`, "\ufffd\n"},
		{"high surrogate before a raw low one", "\"\\ud800\xed\xb0\x80\"", "\ufffd\ufffd\ufffd\ufffd"},
		{"raw UTF-8", `"Grüße, 世界 🎉"`, "Grüße, 世界 🎉"},
		{"raw line separators", "\"a\u2028b\u2029c\"", "a\u2028b\u2029c"},
		{"invalid UTF-8 becomes U+FFFD per byte", "\"a\xffb\xed\xa0\x80c\"", "a\ufffdb\ufffd\ufffd\ufffdc"},
		{"invalid UTF-8 next to an escape", "\"\xff\\n\"", "\ufffd\n"},
		{"empty array", `[]`, []any{}},
		{"empty object", `{}`, map[string]any{}},
		{"array", `[1,"two",null,true,{}]`, []any{1.0, "two", nil, true, map[string]any{}}},
		{"nested", `{"user":{"name":"Alice","roles":["admin"],"grid":[[1,2],[3]]}}`,
			map[string]any{"user": map[string]any{"name": "Alice", "roles": []any{"admin"}, "grid": []any{[]any{1.0, 2.0}, []any{3.0}}}}},
		{"a repeated name keeps its last value", `{"k":1,"k":2}`, map[string]any{"k": 2.0}},
		{"escaped names", `{"t\u0061rget":1,"\ud800":2}`, map[string]any{"target": 1.0, "\ufffd": 2.0}},
		{"names JavaScript objects inherit are plain keys", `{"__proto__":1,"constructor":2}`, map[string]any{"__proto__": 1.0, "constructor": 2.0}},
		{"whitespace everywhere", " \t\r\n{ \"a\" : [ 1 , { } ] , \"b\" :\nnull }\n ", map[string]any{"a": []any{1.0, map[string]any{}}, "b": nil}},
		{"deep but within the limit", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), nested(10000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := frame.ParseValue([]byte(tt.json))
			if err != nil {
				t.Fatalf("ParseValue(%q): %v", tt.json, err)
			}
			if !sameValue(got, tt.want) {
				t.Errorf("ParseValue(%q) = %#v, want %#v", tt.json, got, tt.want)
			}
		})
	}
}

// nested returns depth arrays, each holding the next, the last empty.
func nested(depth int) any {
	v := []any{}
	for range depth - 1 {
		v = []any{v}
	}
	return v
}

// Every departure from RFC 8259's grammar is refused.
func TestParseValueRejects(t *testing.T) {
	tests := []struct{ name, json string }{
		{"empty", ``},
		{"only whitespace", " \n\t"},
		{"byte order mark", "\ufeff1"},
		{"other whitespace", "\u00a01"},
		{"vertical tab", "\v1"},
		{"two values", `1 2`},
		{"trailing comma after a value", `1,`},
		{"trailing brace", `{}}`},
		{"leading zero", `01`},
		{"negative leading zero", `-01`},
		{"plus sign", `+1`},
		{"minus alone", `-`},
		{"minus before a letter", `-x`},
		{"leading point", `.5`},
		{"trailing point", `1.`},
		{"point before an exponent", `1.e5`},
		{"exponent without digits", `1e`},
		{"exponent sign without digits", `1e+`},
		{"hex", `0x10`},
		{"NaN", `NaN`},
		{"Infinity", `Infinity`},
		{"negative Infinity", `-Infinity`},
		{"capitalised literal", `True`},
		{"truncated literal", `nul`},
		{"misspelt literal", `fals3`},
		{"undefined", `undefined`},
		{"single quotes", `'a'`},
		{"unterminated string", `"abc`},
		{"raw tab in a string", "\"a\tb\""},
		{"raw newline in a string", "\"a\nb\""},
		{"raw NUL in a string", "\"a\x00b\""},
		{"unknown escape", `"\a"`},
		{"escaped single quote", `"\'"`},
		{"escaped newline", "\"\\\n\""},
		{"short unicode escape", `"\u12"`},
		{"unicode escape with a non-hex digit", `"\u12g4"`},
		{"backslash at the end", `"\`},
		{"unclosed array", `[1,2`},
		{"unclosed object", `{"a":1`},
		{"trailing comma in an array", `[1,]`},
		{"leading comma in an array", `[,1]`},
		{"missing comma in an array", `[1 2]`},
		{"trailing comma in an object", `{"a":1,}`},
		{"missing colon", `{"a" 1}`},
		{"missing value", `{"a":}`},
		{"unquoted name", `{a:1}`},
		{"number as name", `{1:1}`},
		{"missing comma in an object", `{"a":1 "b":2}`},
		{"colon in an array", `[1:2]`},
		{"comment", `[1 /* c */]`},
		{"line comment", "[1 // c\n]"},
		{"invalid UTF-8 outside a string", "[1,\xff]"},
		{"too deep", strings.Repeat("[", 10001) + strings.Repeat("]", 10001)},
		{"too deep in objects", strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := frame.ParseValue([]byte(tt.json))
			if err == nil {
				t.Fatalf("ParseValue(%q) = %#v, want an error", tt.json, v)
			}
			conformance.CheckDecodeError(t, err, frame.ErrSyntax, "")
		})
	}
}
