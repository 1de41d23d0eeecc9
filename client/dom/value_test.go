package dom

import (
	"math"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// TestTextMatchesJavaScriptString decodes each JSON text the way a patch
// does and expects what String(JSON.parse(json)) gives in a browser (null
// aside: the engine writes it as "").
func TestTextMatchesJavaScriptString(t *testing.T) {
	tests := []struct{ json, want string }{
		// Numbers: ECMAScript Number::toString.
		{`0`, "0"},
		{`-0`, "0"},
		{`-0.0`, "0"},
		{`1`, "1"},
		{`-1`, "-1"},
		{`100`, "100"},
		{`1.5`, "1.5"},
		{`0.5`, "0.5"},
		{`123.456`, "123.456"},
		{`-123.456`, "-123.456"},
		{`0.30000000000000004`, "0.30000000000000004"},
		{`0.1`, "0.1"},
		{`4.35`, "4.35"},
		{`1e20`, "100000000000000000000"},
		{`1e21`, "1e+21"},
		{`-1e21`, "-1e+21"},
		{`2.5e21`, "2.5e+21"},
		{`123456789012345680000`, "123456789012345680000"},
		{`123456789012345678901`, "123456789012345680000"},
		{`9007199254740993`, "9007199254740992"},
		{`1e-6`, "0.000001"},
		{`0.00000123456789`, "0.00000123456789"},
		{`1e-7`, "1e-7"},
		{`-1e-7`, "-1e-7"},
		{`1.5e-7`, "1.5e-7"},
		{`1.2345678901234567e-7`, "1.2345678901234566e-7"},
		{`5e-324`, "5e-324"},
		{`2e-324`, "0"},
		{`1.7976931348623157e308`, "1.7976931348623157e+308"},
		{`1e400`, "Infinity"},
		{`-1e400`, "-Infinity"},
		{`1E3`, "1000"},

		// Everything else.
		{`true`, "true"},
		{`false`, "false"},
		{`null`, ""},
		{`""`, ""},
		{`"text <b>as is</b>"`, "text <b>as is</b>"},
		{`[]`, ""},
		{`[1,2]`, "1,2"},
		{`[null]`, ""},
		{`[[]]`, ""},
		{`[1,[2,[3,null]],null,true,"x",{}]`, "1,2,3,,,true,x,[object Object]"},
		{`[0.1,1e21,-0]`, "0.1,1e+21,0"},
		{`{}`, "[object Object]"},
		{`{"toString":"x"}`, "[object Object]"},
	}
	for _, tt := range tests {
		v, err := frame.ParseValue([]byte(tt.json))
		if err != nil {
			t.Fatalf("frame.ParseValue(%s): %v", tt.json, err)
		}
		if got := Text(v); got != tt.want {
			t.Errorf("Text(%s) = %q, want %q", tt.json, got, tt.want)
		}
	}
}

func TestTextOfNumbersNoJSONCanHold(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{math.Copysign(0, -1), "0"},
	}
	for _, tt := range tests {
		if got := Text(tt.x); got != tt.want {
			t.Errorf("Text(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func TestTruthyIsJavaScriptToBoolean(t *testing.T) {
	tests := []struct {
		json string
		want bool
	}{
		{`false`, false},
		{`0`, false},
		{`-0`, false},
		{`""`, false},
		{`null`, false},
		{`true`, true},
		{`1`, true},
		{`-1`, true},
		{`0.5`, true},
		{`"false"`, true},
		{`"0"`, true},
		{`" "`, true},
		{`[]`, true},
		{`{}`, true},
	}
	for _, tt := range tests {
		v, err := frame.ParseValue([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		if got := Truthy(v); got != tt.want {
			t.Errorf("Truthy(%s) = %v, want %v", tt.json, got, tt.want)
		}
	}
	if Truthy(math.NaN()) {
		t.Error("Truthy(NaN) = true, want false")
	}
}
