package wire_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// An event that cannot be encoded is an error the caller sees, never a
// frame with "null" in it.
func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		ev   wire.Event
		want string // in the error message
	}{
		{"channel data", wire.Patch(make(chan int), "#x"), "unsupported type"},
		{"function data", wire.Custom("f", func() {}), "unsupported type"},
		{"map with unsupported keys", wire.Patch(map[[2]int]int{{1, 2}: 3}, "#x"), "unsupported type"},
		{"NaN data", wire.Patch(math.NaN(), "#x"), "NaN"},
		{"infinite data", wire.Custom("inf", map[string]float64{"x": math.Inf(1)}), "+Inf"},
		{"failing Marshaler", wire.Patch(failingMarshaler{}, "#x"), "marshaler refused"},
		{"invalid raw data", wire.Patch(json.RawMessage(`{"a":`), "#x"), "not valid JSON"},
		{"empty raw data", wire.Custom("e", json.RawMessage{}), "not valid JSON"},
		{"invalid raw data set directly", wire.Event{Type: wire.TypePatch, Target: "#x", Data: json.RawMessage(`{"a":`)}, "patch"},
		{"raw data that is not UTF-8", wire.Patch(json.RawMessage("\"\xff\""), "#x"), "UTF-8"},
		{"custom data that is not UTF-8 set directly", wire.Event{Type: wire.TypeCustom, Name: "c", Data: json.RawMessage("\"\xc3\"")}, "UTF-8"},
		{"unknown type", wire.Event{Type: "replace", Target: "#x"}, `unknown event type "replace"`},
		{"zero event", wire.Event{}, `unknown event type ""`},
		{"empty navigate path", wire.Navigate(""), "empty path"},
		{"empty custom name", wire.Custom("", 1), "empty name"},
		{"unknown swap mode", wire.HTML("<p>x</p>", "#x").WithSwap("sideways"), `unknown swap mode "sideways"`},
		{"swap mode in the wrong case", wire.HTML("<p>x</p>", "#x").WithSwap("Append"), `unknown swap mode "Append"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := wire.Encode(tt.ev)
			if err == nil {
				t.Fatalf("Encode = %s, want an error", out)
			}
			if out != nil {
				t.Errorf("Encode returned %q with its error", out)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			// String is not built into silcrow.wasm (GOOS=js).
			if str, ok := any(tt.ev).(interface{ String() string }); ok {
				if s := str.String(); !strings.HasPrefix(s, "wire.Event(") {
					t.Errorf("String = %q, want a description of the failure", s)
				}
			}
		})
	}
}

type failingMarshaler struct{}

func (failingMarshaler) MarshalJSON() ([]byte, error) {
	return nil, errors.New("marshaler refused")
}

// A constructor keeps its data-encoding error so that the caller can check
// it at once, before Encode.
func TestConstructorErr(t *testing.T) {
	tests := []struct {
		name    string
		ev      wire.Event
		wantErr bool
	}{
		{"patch with a channel", wire.Patch(make(chan int), "#x"), true},
		{"custom with NaN", wire.Custom("n", math.NaN()), true},
		{"patch with invalid raw JSON", wire.Patch(json.RawMessage("nul"), "#x"), true},
		{"patch with a map", wire.Patch(map[string]int{"a": 1}, "#x"), false},
		{"custom with nil", wire.Custom("n", nil), false},
		{"patch with nil raw JSON", wire.Patch(json.RawMessage(nil), "#x"), false},
		{"html", wire.HTML("<p>", "#x"), false},
		{"navigate with an empty path", wire.Navigate(""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.ev.Err(); (err != nil) != tt.wantErr {
				t.Errorf("Err() = %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}

// Data given as a Go value is encoded the way the guide's serde_json::json!
// values are: struct tags honoured, map keys sorted, HTML not escaped, nil as
// null.
func TestEncodeGoData(t *testing.T) {
	type message struct {
		Author string `json:"author"`
		Text   string `json:"text"`
		Draft  bool   `json:"draft,omitempty"`
	}
	tests := []struct {
		name string
		ev   wire.Event
		want string
	}{
		{"map", wire.Patch(map[string]any{"online": 42}, "#user-count"),
			`{"type":"patch","target":"#user-count","data":{"online":42}}`},
		{"map keys sorted", wire.Patch(map[string]int{"b": 2, "a": 1}, "#x"),
			`{"type":"patch","target":"#x","data":{"a":1,"b":2}}`},
		{"struct with tags", wire.Custom("chat", message{Author: "Alice", Text: "hi"}),
			`{"type":"custom","event":"chat","data":{"author":"Alice","text":"hi"}}`},
		{"HTML characters not escaped", wire.Patch(map[string]string{"html": "<b>&</b>"}, "#m"),
			`{"type":"patch","target":"#m","data":{"html":"<b>&</b>"}}`},
		{"nil", wire.Patch(nil, "#x"),
			`{"type":"patch","target":"#x","data":null}`},
		{"nil raw JSON", wire.Custom("tick", json.RawMessage(nil)),
			`{"type":"custom","event":"tick","data":null}`},
		{"nil slice", wire.Patch([]int(nil), "#x"),
			`{"type":"patch","target":"#x","data":null}`},
		{"empty slice", wire.Patch([]int{}, "#x"),
			`{"type":"patch","target":"#x","data":[]}`},
		{"string", wire.Custom("say", "a \"quote\""),
			`{"type":"custom","event":"say","data":"a \"quote\""}`},
		{"number", wire.Custom("n", 1.5),
			`{"type":"custom","event":"n","data":1.5}`},
		{"raw JSON with spacing is compacted", wire.Patch(json.RawMessage("{ \"a\" : [1, 2] }\n"), "#x"),
			`{"type":"patch","target":"#x","data":{"a":[1,2]}}`},
		{"invalid UTF-8 in a string value is replaced", wire.Custom("s", "a\xffb"),
			`{"type":"custom","event":"s","data":"a\ufffdb"}`},
		{"invalid UTF-8 in markup is replaced", wire.HTML("a\xffb", "#m"),
			`{"type":"html","target":"#m","markup":"a\ufffdb"}`},
		{"fields another type does not use are left out", wire.Event{Type: wire.TypeNavigate, Path: "/x", Target: "#t", Markup: "m", Swap: wire.Append, Name: "n", Data: json.RawMessage("\xff")},
			`{"type":"navigate","path":"/x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wire.Encode(tt.ev)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Encode =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
