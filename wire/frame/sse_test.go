package frame_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
	"github.com/silcrow/silcrow/wire/internal/conformance"
)

// sseMessage is one message as a browser's EventSource dispatches it.
type sseMessage struct {
	id   string // the last event ID at dispatch
	name string // "message" when the stream named none
	data string
}

// parseSSE interprets stream as an EventSource does (the HTML standard's
// event stream interpretation) and returns the messages it would dispatch.
// A message the stream does not finish is dropped, as a browser drops it.
func parseSSE(stream string) []sseMessage {
	var (
		out      []sseMessage
		data     strings.Builder
		name, id string
	)
	for {
		end := strings.IndexAny(stream, "\r\n")
		if end < 0 {
			return out
		}
		line := stream[:end]
		if stream[end] == '\r' && end+1 < len(stream) && stream[end+1] == '\n' {
			end++
		}
		stream = stream[end+1:]
		if line == "" {
			if data.Len() > 0 {
				m := sseMessage{id: id, name: name, data: strings.TrimSuffix(data.String(), "\n")}
				if m.name == "" {
					m.name = "message"
				}
				out = append(out, m)
			}
			data.Reset()
			name = ""
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "event":
			name = value
		case "data":
			data.WriteString(value)
			data.WriteByte('\n')
		case "id":
			if !strings.Contains(value, "\x00") {
				id = value
			}
		}
	}
}

// sseForms is every type in its one SSE form.
var sseForms = []struct {
	name string
	ev   frame.Event
	// sseName and data are what EncodeSSE returns for ev.
	sseName, data string
}{
	{"patch", frame.Patch([]byte(`{"count":42}`), "#stats"), "patch", `{"target":"#stats","data":{"count":42}}`},
	{"patch for the root", frame.Patch([]byte(`{"count":1}`), ""), "patch", `{"target":"","data":{"count":1}}`},
	{"patch of root data with a target member of its own", frame.Patch([]byte(`{"target":"x","n":1}`), ""), "patch", `{"target":"","data":{"target":"x","n":1}}`},
	{"patch of null", frame.Patch([]byte(`null`), "#a"), "patch", `{"target":"#a","data":null}`},
	{"patch data loses its white space", frame.Patch([]byte("{ \"a\" :\n [1, 2] }"), "#a"), "patch", `{"target":"#a","data":{"a":[1,2]}}`},
	{"html", frame.HTML("<p>Hello</p>", "#content"), "html", `{"target":"#content","html":"<p>Hello</p>"}`},
	{"html for the root", frame.HTML("<p>Hello</p>", ""), "html", `{"target":"","html":"<p>Hello</p>"}`},
	{"html with a swap mode", frame.HTML("<li>hi</li>", "#messages").WithSwap(frame.Append), "html", `{"target":"#messages","html":"<li>hi</li>","swap":"append"}`},
	{"html markup over several lines", frame.HTML("<p>\r\n\"hi\"\n</p>", "#c"), "html", `{"target":"#c","html":"<p>\r\n\"hi\"\n</p>"}`},
	{"invalidate", frame.Invalidate("#form"), "invalidate", `#form`},
	{"invalidate with a compound selector", frame.Invalidate(`form[name="a b"] > .x`), "invalidate", `form[name="a b"] > .x`},
	{"invalidate for every subscriber", frame.Invalidate(""), "invalidate", ``},
	{"invalidate of a blank selector", frame.Invalidate(" "), "invalidate", `{"target":" "}`},
	{"invalidate of a selector starting with a brace", frame.Invalidate("{x"), "invalidate", `{"target":"{x"}`},
	{"invalidate of a selector with space around it", frame.Invalidate(" #a"), "invalidate", `{"target":" #a"}`},
	{"invalidate of a selector over two lines", frame.Invalidate("#a\r.b"), "invalidate", `{"target":"#a\r.b"}`},
	{"navigate", frame.Navigate("/dashboard"), "navigate", `/dashboard`},
	{"navigate with a query", frame.Navigate("/search?q=a b&x={1}"), "navigate", `/search?q=a b&x={1}`},
	{"custom", frame.Custom("ping", []byte(`{"ts":12345}`)), "custom", `{"event":"ping","data":{"ts":12345}}`},
	{"custom of null", frame.Custom("e", []byte(`null`)), "custom", `{"event":"e","data":null}`},
}

// Every event has one SSE form, which DecodeSSE reads back as the same
// event, directly and through a stream as a browser parses it.
func TestSSEForms(t *testing.T) {
	for _, tt := range sseForms {
		t.Run(tt.name, func(t *testing.T) {
			name, data, err := frame.EncodeSSE(tt.ev)
			if err != nil {
				t.Fatalf("EncodeSSE: %v", err)
			}
			if name != tt.sseName || string(data) != tt.data {
				t.Errorf("EncodeSSE = %s %s, want %s %s", name, data, tt.sseName, tt.data)
			}
			got, err := frame.DecodeSSE(name, data)
			if err != nil {
				t.Fatalf("DecodeSSE: %v", err)
			}
			if d := conformance.Diff(got, tt.ev); d != "" {
				t.Errorf("DecodeSSE(EncodeSSE(ev)): %s", d)
			}
			msgs := parseSSE(string(frame.AppendSSE(nil, "", name, data)))
			if len(msgs) != 1 || msgs[0].name != name {
				t.Fatalf("the framed event reads as %q", msgs)
			}
			got, err = frame.DecodeSSE(msgs[0].name, []byte(msgs[0].data))
			if err != nil {
				t.Fatalf("DecodeSSE of the framed event: %v", err)
			}
			if d := conformance.Diff(got, tt.ev); d != "" {
				t.Errorf("through a stream: %s", d)
			}
		})
	}
}

// The client reads what Silcrow.js servers send: unnamed JSON messages
// patched into the root or into {target, data}, and selectors and paths
// as text.
func TestDecodeSSEReadsSilcrowJSForms(t *testing.T) {
	tests := []struct {
		name    string
		sseName string
		data    string
		want    frame.Event
	}{
		{"unnamed message", "", `{"count":1}`, frame.Patch([]byte(`{"count":1}`), "")},
		{"message", "message", `{"count":1}`, frame.Patch([]byte(`{"count":1}`), "")},
		{"unnamed message with a target", "message", `{"target":"#x","data":{"n":1}}`, frame.Patch([]byte(`{"n":1}`), "#x")},
		{"unnamed array", "message", `[1,2]`, frame.Patch([]byte(`[1,2]`), "")},
		{"unnamed string", "message", `"hi"`, frame.Patch([]byte(`"hi"`), "")},
		{"white space around the JSON", "patch", " \n{\"count\": 1}\r\n ", frame.Patch([]byte(`{"count":1}`), "")},
		{"patch envelope with an empty target", "patch", `{"target":"","data":{"a":1}}`, frame.Patch([]byte(`{"a":1}`), "")},
		{"patch envelope with a null data", "patch", `{"target":"#a","data":null}`, frame.Patch([]byte(`null`), "#a")},
		{"patch envelope with a member it does not use", "patch", `{"target":"#a","data":1,"v":2}`, frame.Patch([]byte(`1`), "#a")},
		{"patch envelope with an escaped name", "patch", `{"t\u0061rget":"#a","data":1}`, frame.Patch([]byte(`1`), "#a")},
		{"root data naming a member twice", "patch", `{"data":1,"data":2}`, frame.Patch([]byte(`{"data":1,"data":2}`), "")},
		{"html", "html", `{"target":"#c","html":"<p>x</p>"}`, frame.HTML("<p>x</p>", "#c")},
		{"html without a target", "html", `{"html":"<p>x</p>"}`, frame.HTML("<p>x</p>", "")},
		{"html with a swap mode", "html", `{"target":"#c","html":"","swap":"outer"}`, frame.HTML("", "#c").WithSwap(frame.Outer)},
		{"invalidate", "invalidate", `#form`, frame.Invalidate("#form")},
		{"invalidate with white space around", "invalidate", " #form \n", frame.Invalidate("#form")},
		{"invalidate with no data", "invalidate", ``, frame.Invalidate("")},
		{"invalidate with blank data", "invalidate", " \n ", frame.Invalidate("")},
		{"invalidate as an object", "invalidate", `{"target":"#f"}`, frame.Invalidate("#f")},
		{"invalidate as an empty object", "invalidate", ` {} `, frame.Invalidate("")},
		{"navigate", "navigate", `/dashboard`, frame.Navigate("/dashboard")},
		{"navigate with white space around", "navigate", " /dashboard\n", frame.Navigate("/dashboard")},
		{"custom", "custom", `{"event":"chat","data":{"t":1}}`, frame.Custom("chat", []byte(`{"t":1}`))},
		{"custom without data", "custom", `{"event":"chat"}`, frame.Custom("chat", []byte(`null`))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := frame.DecodeSSE(tt.sseName, []byte(tt.data))
			if err != nil {
				t.Fatalf("DecodeSSE: %v", err)
			}
			if d := conformance.Diff(got, tt.want); d != "" {
				t.Error(d)
			}
		})
	}
}

// Every way an SSE event can be wrong is a DecodeError of one kind that
// names the field.
func TestDecodeSSEErrors(t *testing.T) {
	tests := []struct {
		name    string
		sseName string
		data    string
		kind    error
		field   string
	}{
		{"unknown event name", "replace", `{}`, frame.ErrUnknownType, ""},
		{"name in the wrong case", "Patch", `{}`, frame.ErrUnknownType, ""},
		{"data over the size limit", "patch", `"` + strings.Repeat("a", frame.DefaultMaxSize) + `"`, frame.ErrTooLarge, ""},
		{"data that is not UTF-8", "patch", "\"\xff\"", frame.ErrSyntax, ""},
		{"a path that is not UTF-8", "navigate", "/\xc3", frame.ErrSyntax, ""},
		{"unnamed message with no data", "", ``, frame.ErrSyntax, ""},
		{"patch with blank data", "patch", " \n", frame.ErrSyntax, ""},
		{"patch that is not JSON", "patch", `{"a":`, frame.ErrSyntax, ""},
		{"patch of text", "message", `hello`, frame.ErrSyntax, ""},
		{"patch with two values", "patch", `{"a":1} {"b":2}`, frame.ErrTrailingData, ""},
		{"patch envelope without data", "patch", `{"target":"#x"}`, frame.ErrMissingField, "data"},
		{"unnamed envelope without data", "", `{"target":"#x","count":1}`, frame.ErrMissingField, "data"},
		{"patch target that is a number", "patch", `{"target":1,"data":1}`, frame.ErrWrongType, "target"},
		{"patch target that is null", "patch", `{"target":null,"data":1}`, frame.ErrWrongType, "target"},
		{"patch envelope naming target twice", "patch", `{"target":"#a","target":"#b","data":1}`, frame.ErrSyntax, "target"},
		{"patch envelope naming data twice", "patch", `{"target":"#a","data":1,"data":2}`, frame.ErrSyntax, "data"},
		{"html with no data", "html", ``, frame.ErrSyntax, ""},
		{"html that is a string", "html", `"<p>x</p>"`, frame.ErrNotObject, ""},
		{"html that is not JSON", "html", `<p>x</p>`, frame.ErrSyntax, ""},
		{"html without html", "html", `{"target":"#c"}`, frame.ErrMissingField, "html"},
		{"html with markup instead of html", "html", `{"target":"#c","markup":"<p>"}`, frame.ErrMissingField, "html"},
		{"html that is null", "html", `{"html":null}`, frame.ErrWrongType, "html"},
		{"html target that is a number", "html", `{"target":1,"html":""}`, frame.ErrWrongType, "target"},
		{"html with an unknown swap mode", "html", `{"html":"","swap":"sideways"}`, frame.ErrBadValue, "swap"},
		{"html with a swap mode that is not a string", "html", `{"html":"","swap":1}`, frame.ErrWrongType, "swap"},
		{"html naming html twice", "html", `{"html":"a","html":"b"}`, frame.ErrSyntax, "html"},
		{"html with trailing data", "html", `{"html":""}}`, frame.ErrTrailingData, ""},
		{"invalidate object that is not JSON", "invalidate", `{target}`, frame.ErrSyntax, ""},
		{"invalidate object with a number target", "invalidate", `{"target":1}`, frame.ErrWrongType, "target"},
		{"invalidate object naming target twice", "invalidate", `{"target":"#a","target":"#b"}`, frame.ErrSyntax, "target"},
		{"invalidate object with trailing data", "invalidate", `{"target":"#a"} #b`, frame.ErrTrailingData, ""},
		{"navigate with no data", "navigate", ``, frame.ErrBadValue, "path"},
		{"navigate with blank data", "navigate", " \r\n\t", frame.ErrBadValue, "path"},
		{"custom with no data", "custom", ``, frame.ErrSyntax, ""},
		{"custom that is an array", "custom", `["chat"]`, frame.ErrNotObject, ""},
		{"custom without a name", "custom", `{"data":1}`, frame.ErrMissingField, "event"},
		{"custom with an empty name", "custom", `{"event":"","data":1}`, frame.ErrBadValue, "event"},
		{"custom name that is a number", "custom", `{"event":1}`, frame.ErrWrongType, "event"},
		{"custom naming data twice", "custom", `{"event":"e","data":1,"data":2}`, frame.ErrSyntax, "data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := frame.DecodeSSE(tt.sseName, []byte(tt.data))
			if err == nil {
				t.Fatalf("DecodeSSE = %v, want an error", ev)
			}
			conformance.CheckDecodeError(t, err, tt.kind, tt.field)
		})
	}
}

// An event that cannot be encoded is an error, the one Encode reports,
// and nothing to send.
func TestEncodeSSEErrors(t *testing.T) {
	refused := errors.New("refused by the caller")
	tests := []struct {
		name string
		ev   frame.Event
		want string // the start of the error message
	}{
		{"an error recorded with WithErr", frame.Navigate("/x").WithErr(refused), "refused by the caller"},
		{"invalid data", frame.Patch([]byte(`{"a":`), "#x"), "wire: patch event data is not valid JSON"},
		{"invalid data set directly", frame.Event{Type: frame.TypePatch, Data: []byte(`{"a":`)}, "wire: patch event data is not valid JSON"},
		{"custom data that is not UTF-8", frame.Event{Type: frame.TypeCustom, Name: "c", Data: []byte("\"\xc3\"")}, "wire: custom event data is not valid UTF-8"},
		{"unknown type", frame.Event{Type: "replace", Target: "#x"}, `wire: cannot encode unknown event type "replace"`},
		{"zero event", frame.Event{}, `wire: cannot encode unknown event type ""`},
		{"empty navigate path", frame.Navigate(""), "wire: navigate event has an empty path"},
		{"blank navigate path", frame.Navigate(" \n"), "wire: navigate event has an empty path"},
		{"empty custom name", frame.Custom("", []byte("1")), "wire: custom event has an empty name"},
		{"unknown swap mode", frame.HTML("<p>x</p>", "#x").WithSwap("sideways"), `wire: html event has unknown swap mode "sideways"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, data, err := frame.EncodeSSE(tt.ev)
			if err == nil {
				t.Fatalf("EncodeSSE = %s %q, want an error", name, data)
			}
			if name != "" || data != nil {
				t.Errorf("EncodeSSE returned %s %q with its error", name, data)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			if _, wsErr := frame.Encode(tt.ev); wsErr != nil && wsErr.Error() != err.Error() {
				t.Errorf("EncodeSSE says %q where Encode says %q", err, wsErr)
			}
		})
	}
}

// Text forms carry invalid UTF-8 as U+FFFD, byte for byte, as JSON
// strings do.
func TestEncodeSSEReplacesInvalidUTF8InText(t *testing.T) {
	for _, ev := range []frame.Event{frame.Navigate("/a\xffb\xc3"), frame.Invalidate("#a\xffb\xc3")} {
		_, data, err := frame.EncodeSSE(ev)
		if err != nil {
			t.Fatal(err)
		}
		if want := "a\uFFFDb\uFFFD"; !strings.HasSuffix(string(data), want) {
			t.Errorf("EncodeSSE(%s) data = %q, want it to end in %q", ev.Type, data, want)
		}
	}
}

// A message is an id line, an event line, one data line per line of data
// and a blank line; a browser reads back the data with each line break
// made LF.
func TestAppendSSE(t *testing.T) {
	tests := []struct {
		name     string
		id       string
		sseName  string
		data     string
		stream   string
		readData string // what a browser reads as data
	}{
		{"named", "", "patch", `{"a":1}`, "event: patch\ndata: {\"a\":1}\n\n", `{"a":1}`},
		{"with an id", "7", "patch", `x`, "id: 7\nevent: patch\ndata: x\n\n", `x`},
		{"unnamed", "", "", `x`, "data: x\n\n", `x`},
		{"empty data still has its data line", "", "invalidate", ``, "event: invalidate\ndata:\n\n", ``},
		{"lines split at LF", "", "navigate", "a\nb", "event: navigate\ndata: a\ndata: b\n\n", "a\nb"},
		{"lines split at CRLF", "", "navigate", "a\r\nb", "event: navigate\ndata: a\ndata: b\n\n", "a\nb"},
		{"lines split at CR", "", "navigate", "a\rb", "event: navigate\ndata: a\ndata: b\n\n", "a\nb"},
		{"CR CR is two breaks", "", "navigate", "a\r\rb", "event: navigate\ndata: a\ndata:\ndata: b\n\n", "a\n\nb"},
		{"a final line break", "", "navigate", "a\n", "event: navigate\ndata: a\ndata:\n\n", "a\n"},
		{"only a line break", "", "navigate", "\n", "event: navigate\ndata:\ndata:\n\n", "\n"},
		{"blank lines inside", "", "navigate", "a\n\nb", "event: navigate\ndata: a\ndata:\ndata: b\n\n", "a\n\nb"},
		{"a leading space is kept", "", "navigate", " a", "event: navigate\ndata:  a\n\n", " a"},
		{"a colon is data", "", "navigate", ": a", "event: navigate\ndata: : a\n\n", ": a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := frame.AppendSSE([]byte("before\n"), tt.id, tt.sseName, []byte(tt.data))
			if string(got) != "before\n"+tt.stream {
				t.Errorf("AppendSSE = %q, want %q after what was there", got, tt.stream)
			}
			msgs := parseSSE(tt.stream)
			wantName := tt.sseName
			if wantName == "" {
				wantName = "message"
			}
			if want := []sseMessage{{id: tt.id, name: wantName, data: tt.readData}}; len(msgs) != 1 || msgs[0] != want[0] {
				t.Errorf("a browser reads %q, want %q", msgs, want)
			}
		})
	}
}

// A socket reader reuses its buffer; a decoded event must not change with
// it.
func TestDecodeSSECopiesItsInput(t *testing.T) {
	for _, tt := range sseForms {
		name, data, err := frame.EncodeSSE(tt.ev)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := frame.DecodeSSE(name, data)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := frame.Encode(ev)
		for i := range data {
			data[i] = ' '
		}
		if after, _ := frame.Encode(ev); string(after) != string(before) {
			t.Errorf("%s: event changed with its input: %s, then %s", tt.name, before, after)
		}
	}
}

// FuzzDecodeSSE checks that DecodeSSE never panics, that its errors are
// one kind each, and that what it accepts survives EncodeSSE, a stream as
// a browser reads it, and a second DecodeSSE unchanged.
func FuzzDecodeSSE(f *testing.F) {
	for _, tt := range sseForms {
		name, data, err := frame.EncodeSSE(tt.ev)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data)
	}
	for _, seed := range []struct{ name, data string }{
		{"", `{"count":1}`}, {"message", `{"target":"#x","data":{"n":1}}`}, {"patch", `{"target":"#x"}`},
		{"invalidate", " \n#a\r\n.b "}, {"invalidate", `{"target":"\u2028"}`}, {"navigate", " /x\r\ny "},
		{"custom", `{"event":"\ud800","data":[{"a":-0.0e-0}]}`}, {"html", "{\"html\":\"\xff\"}"}, {"replace", ``},
	} {
		f.Add(seed.name, []byte(seed.data))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ev, err := frame.DecodeSSE(name, data)
		if err != nil {
			checkOneKind(t, err)
			return
		}
		name2, data2, err := frame.EncodeSSE(ev)
		if err != nil {
			t.Fatalf("DecodeSSE(%q, %q) = %+v, which EncodeSSE rejects: %v", name, data, ev, err)
		}
		msgs := parseSSE(string(frame.AppendSSE(nil, "", name2, data2)))
		if len(msgs) != 1 {
			t.Fatalf("EncodeSSE gives %s %q, which reads as %d messages", name2, data2, len(msgs))
		}
		again, err := frame.DecodeSSE(msgs[0].name, []byte(msgs[0].data))
		if err != nil {
			t.Fatalf("DecodeSSE of %s %q: %v", name2, data2, err)
		}
		// A path is text, whose CRs the stream makes LFs; the browser's
		// URL parser drops both.
		ev.Path = lineBreaks.Replace(ev.Path)
		if d := conformance.Diff(again, ev); d != "" {
			t.Fatalf("round trip of %s %q through %s %q: %s", name, data, name2, data2, d)
		}
	})
}

// lineBreaks makes each CRLF and CR an LF, as a browser reading a stream
// does.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// FuzzAppendSSE checks that a browser reads any data back from
// AppendSSE's message, with each line break made LF.
func FuzzAppendSSE(f *testing.F) {
	for _, s := range []string{"", "a", "\n", "\r", "\r\n", "a\r\r\nb\n\rc", " x: y\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		msgs := parseSSE(string(frame.AppendSSE(nil, "1", "e", []byte(data))))
		want := lineBreaks.Replace(data)
		if len(msgs) != 1 || msgs[0] != (sseMessage{id: "1", name: "e", data: want}) {
			t.Fatalf("AppendSSE of %q reads as %q, want data %q", data, msgs, want)
		}
	})
}

// BenchmarkEncodeSSE measures what the server does for each event: EncodeSSE
// and AppendSSE into a reused buffer.
func BenchmarkEncodeSSE(b *testing.B) {
	for _, bf := range benchFrames {
		b.Run(bf.name, func(b *testing.B) {
			ev, err := frame.Decode([]byte(bf.frame))
			if err != nil {
				b.Fatal(err)
			}
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				name, data, err := frame.EncodeSSE(ev)
				if err != nil {
					b.Fatal(err)
				}
				buf = frame.AppendSSE(buf[:0], "", name, data)
			}
			b.SetBytes(int64(len(buf)))
		})
	}
}

// BenchmarkDecodeSSE measures what the client does for each event.
func BenchmarkDecodeSSE(b *testing.B) {
	for _, bf := range benchFrames {
		b.Run(bf.name, func(b *testing.B) {
			ev, err := frame.Decode([]byte(bf.frame))
			if err != nil {
				b.Fatal(err)
			}
			name, data, err := frame.EncodeSSE(ev)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := frame.DecodeSSE(name, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
