package wire_test

import (
	"fmt"
	"os"

	"github.com/silcrow/silcrow/wire"
)

// The five events as a Server-Sent Events stream, the second with an id
// the browser sends back when it reconnects.
func ExampleAppendSSE() {
	events := []wire.Event{
		wire.Patch(map[string]any{"online": 42}, "#user-count"),
		wire.HTML("<p><strong>Alice:</strong> Hello!</p>", "#messages").WithSwap(wire.Append),
		wire.Invalidate("#user-list"),
		wire.Navigate("/logout"),
		wire.Custom("notification", map[string]string{"title": "New message"}),
	}
	var stream []byte
	for i, ev := range events {
		name, data, err := wire.EncodeSSE(ev)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		id := ""
		if i == 1 {
			id = "m-17"
		}
		stream = wire.AppendSSE(stream, id, name, data)
	}
	os.Stdout.Write(stream)
	// Output:
	// event: patch
	// data: {"target":"#user-count","data":{"online":42}}
	//
	// id: m-17
	// event: html
	// data: {"target":"#messages","html":"<p><strong>Alice:</strong> Hello!</p>","swap":"append"}
	//
	// event: invalidate
	// data: #user-list
	//
	// event: navigate
	// data: /logout
	//
	// event: custom
	// data: {"event":"notification","data":{"title":"New message"}}
}

// Silcrow.js servers send unnamed messages: JSON for the root, or a
// {target, data} envelope.
func ExampleDecodeSSE() {
	for _, data := range []string{`{"count":1}`, `{"target":"#stats","data":{"count":2}}`} {
		ev, err := wire.DecodeSSE("message", []byte(data))
		fmt.Printf("%s %q %s %v\n", ev.Type, ev.Target, ev.Data, err)
	}
	// Output:
	// patch "" {"count":1} <nil>
	// patch "#stats" {"count":2} <nil>
}
