package frame_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// An event that cannot be encoded is an error the caller sees, never a
// frame with "null" in it.
func TestEncodeErrors(t *testing.T) {
	refused := errors.New("refused by the caller")
	tests := []struct {
		name string
		ev   frame.Event
		want string // in the error message
	}{
		{"invalid data", frame.Patch([]byte(`{"a":`), "#x"), "not valid JSON"},
		{"empty data", frame.Custom("e", []byte{}), "not valid JSON"},
		{"two values as data", frame.Custom("e", []byte(`1 2`)), "not valid JSON"},
		{"invalid data set directly", frame.Event{Type: frame.TypePatch, Target: "#x", Data: []byte(`{"a":`)}, "patch"},
		{"data that is not UTF-8", frame.Patch([]byte("\"\xff\""), "#x"), "UTF-8"},
		{"custom data that is not UTF-8 set directly", frame.Event{Type: frame.TypeCustom, Name: "c", Data: []byte("\"\xc3\"")}, "UTF-8"},
		{"data nested too deep", frame.Patch([]byte(strings.Repeat("[", 10001)+strings.Repeat("]", 10001)), "#x"), "deeper than 10000"},
		{"an error recorded with WithErr", frame.Navigate("/x").WithErr(refused), "refused by the caller"},
		{"unknown type", frame.Event{Type: "replace", Target: "#x"}, `unknown event type "replace"`},
		{"zero event", frame.Event{}, `unknown event type ""`},
		{"empty navigate path", frame.Navigate(""), "empty path"},
		{"empty custom name", frame.Custom("", []byte("1")), "empty name"},
		{"unknown swap mode", frame.HTML("<p>x</p>", "#x").WithSwap("sideways"), `unknown swap mode "sideways"`},
		{"swap mode in the wrong case", frame.HTML("<p>x</p>", "#x").WithSwap("Append"), `unknown swap mode "Append"`},
		{"offset over 2^53", frame.Invalidate("#x").WithPosition("r", frame.Position{Epoch: "e", Offset: 1<<53 + 1}), "over 2^53"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := frame.Encode(tt.ev)
			if err == nil {
				t.Fatalf("Encode = %s, want an error", out)
			}
			if out != nil {
				t.Errorf("Encode returned %q with its error", out)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "wire: ") && !errors.Is(err, refused) {
				t.Errorf("error %q does not start with wire:", err)
			}
			// String is not built into silcrow.wasm (GOOS=js).
			if str, ok := any(tt.ev).(interface{ String() string }); ok {
				if s := str.String(); s != "wire.Event("+string(tt.ev.Type)+": "+err.Error()+")" {
					t.Errorf("String = %q, want a description of the failure", s)
				}
			}
		})
	}
}

// A constructor checks its data at once, so that the caller can see the
// fault before Encode.
func TestConstructorErr(t *testing.T) {
	tests := []struct {
		name    string
		ev      frame.Event
		wantErr bool
	}{
		{"patch with invalid JSON", frame.Patch([]byte("nul"), "#x"), true},
		{"custom with trailing data", frame.Custom("c", []byte(`{} x`)), true},
		{"custom with invalid UTF-8", frame.Custom("c", []byte("\"\xff\"")), true},
		{"patch with an object", frame.Patch([]byte(`{"a":1}`), "#x"), false},
		{"patch with spacing around", frame.Patch([]byte(" \n[1, 2]\t"), "#x"), false},
		{"custom with nil data", frame.Custom("n", nil), false},
		{"html", frame.HTML("<p>", "#x"), false},
		{"navigate with an empty path", frame.Navigate(""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.ev.Err(); (err != nil) != tt.wantErr {
				t.Errorf("Err() = %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}

func TestWithErr(t *testing.T) {
	cause := errors.New("channel data")
	base := frame.Custom("c", nil)
	failed := base.WithErr(cause)
	if base.Err() != nil {
		t.Errorf("WithErr changed the original: Err = %v", base.Err())
	}
	if failed.Err() != cause {
		t.Errorf("Err = %v, want %v", failed.Err(), cause)
	}
	if _, err := frame.Encode(failed); err != cause {
		t.Errorf("Encode error = %v, want %v", err, cause)
	}
	if failed.WithErr(nil).Err() != nil {
		t.Error("WithErr(nil) kept the error")
	}
}

func TestWithSwapReturnsACopy(t *testing.T) {
	base := frame.HTML("<li>hi</li>", "#messages")
	appended := base.WithSwap(frame.Append)
	if base.Swap != "" {
		t.Errorf("WithSwap changed the original: Swap = %q", base.Swap)
	}
	if appended.Swap != frame.Append || appended.Markup != base.Markup || appended.Target != base.Target {
		t.Errorf("WithSwap = %+v", appended)
	}
}

// encodeWithJSON is the encoder Encode replaces: encoding/json, HTML
// escaping off, on a struct with the wire's fields in the spec's order.
func encodeWithJSON(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

type htmlFields struct {
	Type   string `json:"type"`
	Target string `json:"target"`
	Markup string `json:"markup"`
}

type customFields struct {
	Type string          `json:"type"`
	Name string          `json:"event"`
	Data json.RawMessage `json:"data"`
}

// trickyStrings are the strings whose escaping could differ between two
// encoders: every ASCII byte, every byte that cannot start UTF-8, both
// line separators, truncated and overlong sequences, surrogates encoded
// as UTF-8, and the edges of the code space.
func trickyStrings() []string {
	var ss []string
	for b := range 256 {
		ss = append(ss, "a"+string([]byte{byte(b)})+"z")
	}
	return append(ss,
		"", "\u2028", "\u2029", "x\u2028y\u2029z", "\u2027\u202a",
		"\xe2\x80", "\xe2\x80\xa8\xa8", "\xc0\xaf", "\xed\xa0\x80", "\xed\xbf\xbf",
		"\xf4\x90\x80\x80", "\U0010ffff", "\ufffd", "\ufeff", "\x7f\x80",
		`<script>alert("x")</script> & ' \ /`, "tab\tnew\nline\rback\bform\f",
		"é世🎉", "\x00\x01\x1f", strings.Repeat("\xff", 5),
	)
}

// Encode writes strings byte for byte as encoding/json does, so that a
// frame's bytes do not depend on which of the two wrote it.
func TestEncodeStringsLikeEncodingJSON(t *testing.T) {
	for _, s := range trickyStrings() {
		got, err := frame.Encode(frame.HTML(s, s))
		if err != nil {
			t.Fatalf("Encode(%q): %v", s, err)
		}
		want := encodeWithJSON(t, htmlFields{"html", s, s})
		if string(got) != want {
			t.Errorf("Encode of %q =\n%s\nencoding/json writes\n%s", s, got, want)
		}
	}
}

// Encode compacts data as encoding/json compacts a json.RawMessage.
func TestEncodeDataLikeEncodingJSON(t *testing.T) {
	tests := []string{
		`1`, `-0.5e+10`, `"s"`, `null`, `true`, `[]`, `{}`,
		" {\n\t\"a\" : [ 1 , 2.5 , \"x y\" ] ,\r\n \"b\" : { } } ",
		`{"s":"  spaced \" \\ out  ","t":"\u2028 \ud800 <>&"}`,
		"\"raw \u2028 and <b>\"",
		`[[[[ ]]]]`, `{"k":1,"k":2}`, `1e700`, `12345678901234567890`,
	}
	for _, raw := range tests {
		got, err := frame.Encode(frame.Custom("c", []byte(raw)))
		if err != nil {
			t.Fatalf("Encode(%q): %v", raw, err)
		}
		want := encodeWithJSON(t, customFields{"custom", "c", json.RawMessage(raw)})
		if string(got) != want {
			t.Errorf("Encode of data %q =\n%s\nencoding/json writes\n%s", raw, got, want)
		}
	}
}

// An Event inside another JSON document goes through MarshalJSON and
// UnmarshalJSON and comes back equal. The outer json.Marshal escapes HTML in
// data, so data is compared as a JSON value.
func TestEventInsideJSON(t *testing.T) {
	type envelope struct {
		Room  string      `json:"room"`
		Event frame.Event `json:"event"`
	}
	for _, v := range conformance.Vectors(t, testdata) {
		t.Run(v.Name, func(t *testing.T) {
			ev, ok := build(v.Event)
			if !ok {
				t.Fatalf("vector has unknown type %q", v.Event.Type)
			}
			in := envelope{Room: "chat", Event: ev}
			b, err := json.Marshal(in)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var out envelope
			if err := json.Unmarshal(b, &out); err != nil {
				t.Fatalf("Unmarshal %s: %v", b, err)
			}
			want := v.Event.Event()
			if !sameJSONValue(t, out.Event.Data, want.Data) {
				t.Errorf("Data = %s, want %s", out.Event.Data, want.Data)
			}
			out.Event.Data, want.Data = nil, nil
			if d := conformance.Diff(out.Event, want); d != "" {
				t.Error(d)
			}
		})
	}
}

func sameJSONValue(t *testing.T, a, b []byte) bool {
	t.Helper()
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.DeepEqual(jsonValue(t, a), jsonValue(t, b))
}

// jsonValue decodes raw keeping numbers as written, since data may hold
// numbers no float64 can (1e700).
func jsonValue(t *testing.T, raw []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return v
}

func TestEventInsideJSONErrors(t *testing.T) {
	var out struct {
		Event frame.Event `json:"event"`
	}
	err := json.Unmarshal([]byte(`{"event":{"type":"replace"}}`), &out)
	if !errors.Is(err, frame.ErrUnknownType) {
		t.Errorf("Unmarshal of an unknown type: %v, want ErrUnknownType", err)
	}
	_, err = json.Marshal(struct{ E frame.Event }{frame.Navigate("")})
	if err == nil || !strings.Contains(err.Error(), "empty path") {
		t.Errorf("Marshal of an empty navigate: %v, want the Encode error", err)
	}
}
