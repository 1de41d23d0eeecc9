package wire_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/silcrow/silcrow/wire"
)

// The guide's five WsEvent variants, built with the constructors and
// encoded as the frames a server sends.
func ExampleEncode() {
	events := []wire.Event{
		wire.Patch(map[string]any{"online": 42}, "#user-count"),
		wire.HTML("<p><strong>Alice:</strong> Hello!</p>", "#messages"),
		wire.Invalidate("#user-list"),
		wire.Navigate("/logout"),
		wire.Custom("notification", map[string]string{"title": "New message", "from": "Alice"}),
	}
	for _, ev := range events {
		frame, err := wire.Encode(ev)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(string(frame))
	}
	// Output:
	// {"type":"patch","target":"#user-count","data":{"online":42}}
	// {"type":"html","target":"#messages","markup":"<p><strong>Alice:</strong> Hello!</p>"}
	// {"type":"invalidate","target":"#user-list"}
	// {"type":"navigate","path":"/logout"}
	// {"type":"custom","event":"notification","data":{"from":"Alice","title":"New message"}}
}

// Data that cannot be encoded is reported, not sent as null.
func ExampleEncode_error() {
	_, err := wire.Encode(wire.Patch(make(chan int), "#stats"))
	fmt.Println(err)
	// Output:
	// wire: encoding data: json: unsupported type: chan int
}

// The demo appends each chat message to the list instead of replacing it.
func ExampleEvent_WithSwap() {
	ev := wire.HTML(`<p class="message">hi</p>`, "#messages").WithSwap(wire.Append)
	fmt.Println(ev)
	// Output:
	// {"type":"html","target":"#messages","markup":"<p class=\"message\">hi</p>","swap":"append"}
}

// A handler reads frames with Decode and switches on Type, the Go form of
// the guide's match on WsEvent. The first frame is what the guide's
// Silcrow.send(el, {event: "chat", data: {...}}) produces.
func ExampleDecode() {
	frames := []string{
		`{"event":"chat","data":{"text":"hi"}}`,
		`{"type":"patch","target":"#stats","data":{"count":42}}`,
		`{"type":"html","target":"#content","markup":"<p>Hello</p>"}`,
		`{"type":"invalidate","target":"#form"}`,
		`{"type":"navigate","path":"/dashboard"}`,
	}
	for _, frame := range frames {
		ev, err := wire.Decode([]byte(frame))
		if err != nil {
			fmt.Println("bad frame:", err)
			continue
		}
		switch ev.Type {
		case wire.TypeCustom:
			var msg struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(ev.Data, &msg); err != nil {
				fmt.Println("bad chat data:", err)
				continue
			}
			fmt.Printf("custom %q: %s\n", ev.Name, msg.Text)
		case wire.TypePatch:
			fmt.Printf("patch %s with %s\n", ev.Target, ev.Data)
		case wire.TypeHTML:
			fmt.Printf("html %s: %s\n", ev.Target, ev.Markup)
		case wire.TypeInvalidate:
			fmt.Printf("invalidate %s\n", ev.Target)
		case wire.TypeNavigate:
			fmt.Printf("navigate to %s\n", ev.Path)
		}
	}
	// Output:
	// custom "chat": hi
	// patch #stats with {"count":42}
	// html #content: <p>Hello</p>
	// invalidate #form
	// navigate to /dashboard
}

// Every rejected frame is a *DecodeError; errors.Is tells the kinds apart.
func ExampleDecodeError() {
	_, err := wire.Decode([]byte(`{"type":"navigate"}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, wire.ErrMissingField))

	var de *wire.DecodeError
	if errors.As(err, &de) {
		fmt.Println("field:", de.Field)
	}
	// Output:
	// wire: missing required field "path"
	// true
	// field: path
}
