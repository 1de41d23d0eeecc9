package frame_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

func TestDecodeLimit(t *testing.T) {
	const limit = 100
	tests := []struct {
		name    string
		frame   []byte
		max     int
		tooLong bool
	}{
		{"exactly at the limit", conformance.FrameOfSize(t, limit), limit, false},
		{"one byte over the limit", conformance.FrameOfSize(t, limit+1), limit, true},
		{"garbage over the limit is too large, not malformed", bytes.Repeat([]byte("{"), limit+1), limit, true},
		{"zero means no limit", conformance.FrameOfSize(t, 10*limit), 0, false},
		{"negative means no limit", conformance.FrameOfSize(t, 10*limit), -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := frame.DecodeLimit(tt.frame, tt.max)
			if !tt.tooLong {
				if err != nil {
					t.Fatalf("DecodeLimit: %v", err)
				}
				return
			}
			conformance.CheckDecodeError(t, err, frame.ErrTooLarge, "")
		})
	}
}

func TestDecodeUsesDefaultMaxSize(t *testing.T) {
	if _, err := frame.Decode(conformance.FrameOfSize(t, frame.DefaultMaxSize)); err != nil {
		t.Errorf("Decode of a frame of DefaultMaxSize bytes: %v", err)
	}
	_, err := frame.Decode(conformance.FrameOfSize(t, frame.DefaultMaxSize+1))
	conformance.CheckDecodeError(t, err, frame.ErrTooLarge, "")
}

// A browser refuses a text frame that is not UTF-8, so the decoder refuses
// one too rather than passing broken bytes on in data.
func TestDecodeRejectsInvalidUTF8(t *testing.T) {
	tests := []struct{ name, frame string }{
		{"in markup", "{\"type\":\"html\",\"target\":\"#a\",\"markup\":\"a\xffb\"}"},
		{"in a data string", "{\"type\":\"patch\",\"target\":\"#a\",\"data\":{\"s\":\"\xc3\"}}"},
		{"in a key", "{\"type\":\"invalidate\",\"target\":\"#a\",\"\xfe\":1}"},
		{"in an ignored field", "{\"type\":\"navigate\",\"path\":\"/\",\"x\":\"\xed\xa0\x80\"}"},
		{"outside any string", "{\"type\":\"invalidate\"}\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := frame.Decode([]byte(tt.frame))
			conformance.CheckDecodeError(t, err, frame.ErrSyntax, "")
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
	ev, err := frame.Decode(nested(9999))
	if err != nil {
		t.Fatalf("data 9999 levels deep: %v", err)
	}
	if out, err := frame.Encode(ev); err != nil || !bytes.Equal(out, nested(9999)) {
		t.Errorf("re-encoding deep data: %v", err)
	}
	_, err = frame.Decode(nested(10000))
	conformance.CheckDecodeError(t, err, frame.ErrSyntax, "")
	if !strings.Contains(err.Error(), "deeper than 10000") {
		t.Errorf("message %q does not give the limit", err)
	}
	objects := `{"type":"patch","target":"#a","data":` + strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000) + "}"
	_, err = frame.Decode([]byte(objects))
	conformance.CheckDecodeError(t, err, frame.ErrSyntax, "")
}

// A socket reader reuses its buffer; a decoded event must not change with it.
func TestDecodeCopiesItsInput(t *testing.T) {
	frames := []string{
		`{"type":"patch","target":"#a","data":{"n":1}}`,
		`{"type":"custom","event":"e","data":[1]}`,
		`{"type":"html","target":"#a","markup":"<p>","swap":"append"}`,
		`{"type":"navigate","path":"/x"}`,
	}
	for _, f := range frames {
		buf := []byte(f)
		ev, err := frame.Decode(buf)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := frame.Encode(ev)
		for i := range buf {
			buf[i] = ' '
		}
		if after, _ := frame.Encode(ev); string(after) != string(before) {
			t.Errorf("event changed with its input: %s, then %s", before, after)
		}
	}
}

// When a frame is wrong in several ways, the error names the first problem
// in a fixed order, so that the same frame always gets the same answer.
func TestDecodeReportsTheFirstProblem(t *testing.T) {
	tests := []struct {
		name, frame string
		kind        error
		field       string
	}{
		{"invalid UTF-8 before syntax", "{\"a\xff", frame.ErrSyntax, ""},
		{"syntax before a duplicate", `{"a":1,"a":2,`, frame.ErrSyntax, ""},
		{"trailing data before a duplicate", `{"a":1,"a":2} x`, frame.ErrTrailingData, ""},
		{"trailing data before not an object", `[1] x`, frame.ErrTrailingData, ""},
		{"a number's end is where trailing data starts", `01`, frame.ErrTrailingData, ""},
		{"a literal's end is where trailing data starts", `truex`, frame.ErrTrailingData, ""},
		{"a duplicate before a wrong type", `{"type":1,"type":2}`, frame.ErrSyntax, "type"},
		{"the first name repeated is the one named", `{"x":1,"b":1,"b":2,"x":2}`, frame.ErrSyntax, "b"},
		{"a repeated empty name", `{"":1,"":2,"type":"invalidate"}`, frame.ErrSyntax, ""},
		{"lone surrogates are one name", `{"\ud800":1,"\udbff":2,"type":"invalidate"}`, frame.ErrSyntax, "\ufffd"},
		{"target read before data", `{"type":"patch","target":1}`, frame.ErrWrongType, "target"},
		{"markup read before swap", `{"type":"html","swap":"up"}`, frame.ErrMissingField, "markup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := frame.Decode([]byte(tt.frame))
			conformance.CheckDecodeError(t, err, tt.kind, tt.field)
		})
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
		{"{\"a\":\xff}", 0, `wire: malformed JSON: invalid UTF-8`},
		{`{"type":"invalidate"}`, 10, `wire: frame over the size limit: 21 bytes, limit 10`},
		{`{"type":"invalidate",}`, 0, `wire: malformed JSON: offset 21: unexpected '}', want '"' starting a member name`},
		{`{"type" "invalidate"}`, 0, `wire: malformed JSON: offset 8: unexpected '"', want ':' after a member name`},
		{`{"type":"invalidate"`, 0, `wire: malformed JSON: unexpected end of input, want ',' or '}' after a member`},
		{`{"data":[1 2]}`, 0, `wire: malformed JSON: offset 11: unexpected '2', want ',' or ']' after an element`},
		{`{"data":01}`, 0, `wire: malformed JSON: offset 9: unexpected '1', want ',' or '}' after a member`},
		{`{"data":-}`, 0, `wire: malformed JSON: offset 9: unexpected '}', want a digit`},
		{`{"data":1.}`, 0, `wire: malformed JSON: offset 10: unexpected '}', want a digit after the decimal point`},
		{`{"data":1e+}`, 0, `wire: malformed JSON: offset 11: unexpected '}', want a digit of the exponent`},
		{`{"data":nul}`, 0, `wire: malformed JSON: offset 11: unexpected '}', want the literal null`},
		{`{"data":"a\qb"}`, 0, `wire: malformed JSON: offset 11: unexpected 'q', want an escape character`},
		{`{"data":"\u12x4"}`, 0, `wire: malformed JSON: offset 13: unexpected 'x', want a hex digit of a \u escape`},
		{"{\"data\":\"a\tb\"}", 0, `wire: malformed JSON: offset 10: unexpected '\t', want an escape in place of a control character`},
		{`{"data":"ab}`, 0, `wire: malformed JSON: unexpected end of input, want '"' ending a string`},
		{`{"data":+1}`, 0, `wire: malformed JSON: offset 8: unexpected '+', want a value`},
		{"\x00", 0, `wire: malformed JSON: offset 0: unexpected '\x00', want a value`},
	}
	for _, tt := range tests {
		_, err := frame.DecodeLimit([]byte(tt.frame), tt.max)
		if err == nil || err.Error() != tt.want {
			t.Errorf("DecodeLimit(%q, %d) error = %v, want %s", tt.frame, tt.max, err, tt.want)
		}
	}
}
