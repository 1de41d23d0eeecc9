package wire_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// frameOfSize returns a valid custom frame exactly n bytes long.
func frameOfSize(t testing.TB, n int) []byte {
	t.Helper()
	const prefix, suffix = `{"type":"custom","event":"pad","data":"`, `"}`
	pad := n - len(prefix) - len(suffix)
	if pad < 0 {
		t.Fatalf("no frame of %d bytes", n)
	}
	return []byte(prefix + strings.Repeat("x", pad) + suffix)
}

func TestDecodeLimit(t *testing.T) {
	const limit = 100
	tests := []struct {
		name    string
		frame   []byte
		max     int
		tooLong bool
	}{
		{"exactly at the limit", frameOfSize(t, limit), limit, false},
		{"one byte over the limit", frameOfSize(t, limit+1), limit, true},
		{"garbage over the limit is too large, not malformed", bytes.Repeat([]byte("{"), limit+1), limit, true},
		{"zero means no limit", frameOfSize(t, 10*limit), 0, false},
		{"negative means no limit", frameOfSize(t, 10*limit), -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wire.DecodeLimit(tt.frame, tt.max)
			if !tt.tooLong {
				if err != nil {
					t.Fatalf("DecodeLimit: %v", err)
				}
				return
			}
			checkDecodeError(t, err, wire.ErrTooLarge, "")
		})
	}
}

func TestDecodeUsesDefaultMaxSize(t *testing.T) {
	if _, err := wire.Decode(frameOfSize(t, wire.DefaultMaxSize)); err != nil {
		t.Errorf("Decode of a frame of DefaultMaxSize bytes: %v", err)
	}
	over := frameOfSize(t, wire.DefaultMaxSize+1)
	_, err := wire.Decode(over)
	checkDecodeError(t, err, wire.ErrTooLarge, "")
	if _, err := wire.DecodeLimit(over, 0); err != nil {
		t.Errorf("DecodeLimit without a limit: %v", err)
	}
}

// A browser refuses a text frame that is not UTF-8, so the decoder refuses
// one too rather than passing broken bytes on in data.
func TestDecodeRejectsInvalidUTF8(t *testing.T) {
	tests := []struct{ name, frame string }{
		{"in markup", "{\"type\":\"html\",\"target\":\"#a\",\"markup\":\"a\xffb\"}"},
		{"in a data string", "{\"type\":\"patch\",\"target\":\"#a\",\"data\":{\"s\":\"\xc3\"}}"},
		{"in a key", "{\"type\":\"invalidate\",\"target\":\"#a\",\"\xfe\":1}"},
		{"in an ignored field", "{\"type\":\"navigate\",\"path\":\"/\",\"x\":\"\xed\xa0\x80\"}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wire.Decode([]byte(tt.frame))
			checkDecodeError(t, err, wire.ErrSyntax, "")
			if !strings.Contains(err.Error(), "UTF-8") {
				t.Errorf("message %q does not mention UTF-8", err)
			}
		})
	}
}

// Data may nest as deep as encoding/json allows (10000 levels counting the
// frame's own object); deeper is malformed.
func TestDecodeNesting(t *testing.T) {
	nested := func(depth int) []byte {
		return []byte(`{"type":"patch","target":"#a","data":` +
			strings.Repeat("[", depth) + strings.Repeat("]", depth) + "}")
	}
	ev, err := wire.Decode(nested(9999))
	if err != nil {
		t.Fatalf("data 9999 levels deep: %v", err)
	}
	if out, err := wire.Encode(ev); err != nil || !bytes.Equal(out, nested(9999)) {
		t.Errorf("re-encoding deep data: %v", err)
	}
	_, err = wire.Decode(nested(10000))
	checkDecodeError(t, err, wire.ErrSyntax, "")
}

// A socket reader reuses its buffer; a decoded event must not change with it.
func TestDecodeCopiesItsInput(t *testing.T) {
	frame := []byte(`{"type":"patch","target":"#a","data":{"n":1}}`)
	ev, err := wire.Decode(frame)
	if err != nil {
		t.Fatal(err)
	}
	for i := range frame {
		frame[i] = ' '
	}
	if string(ev.Data) != `{"n":1}` || ev.Target != "#a" {
		t.Errorf("event changed with its input: %+v", ev)
	}
}

func TestDecodeErrorMessages(t *testing.T) {
	tests := []struct {
		frame string
		max   int
		want  string
	}{
		{`{"type":"patch","target":"#a"}`, 0, `wire: missing required field "data"`},
		{`{"target":"#a"}`, 0, `wire: missing required field "type"`},
		{`{"type":"replace"}`, 0, `wire: unknown event type "type": "replace"`},
		{`{"type":"navigate","path":7}`, 0, `wire: field has the wrong JSON type "path": want string, got number`},
		{`{"type":"html","markup":"","swap":"up"}`, 0, `wire: field has an invalid value "swap": unknown swap mode "up"`},
		{`{"type":"navigate","path":""}`, 0, `wire: field has an invalid value "path": empty path`},
		{`{"type":"invalidate","type":"patch"}`, 0, `wire: malformed JSON "type": duplicate field`},
		{`[1]`, 0, `wire: not a JSON object: got array`},
		{`{} {}`, 0, `wire: trailing data after the JSON object: 2 bytes`},
		{``, 0, `wire: malformed JSON: empty frame`},
		{`{"type":"invalidate"}`, 10, `wire: frame over the size limit: 21 bytes, limit 10`},
	}
	for _, tt := range tests {
		_, err := wire.DecodeLimit([]byte(tt.frame), tt.max)
		if err == nil || err.Error() != tt.want {
			t.Errorf("DecodeLimit(%s, %d) error = %v, want %s", tt.frame, tt.max, err, tt.want)
		}
	}
}
