package frame_test

import (
	"fmt"

	"github.com/silcrow/silcrow/wire/frame"
)

// A client reads a frame with Decode and, for a patch, the data with
// ParseValue.
func ExampleDecode() {
	ev, err := frame.Decode([]byte(`{"type":"patch","target":"#stats","data":{"count":42,"up":true}}`))
	if err != nil {
		fmt.Println("bad frame:", err)
		return
	}
	data, err := frame.ParseValue(ev.Data)
	if err != nil {
		fmt.Println("bad data:", err)
		return
	}
	stats := data.(*frame.Object)
	count, _ := stats.Get("count")
	up, _ := stats.Get("up")
	fmt.Println(ev.Type, ev.Target, count, up)
	// Output:
	// patch #stats 42 true
}

// ParseValue makes numbers float64, as JavaScript does, overflow included.
func ExampleParseValue() {
	v, err := frame.ParseValue([]byte(`[1e21, -0, 1e700, "\ud83d\ude80", null]`))
	fmt.Println(v, err)
	// Output:
	// [1e+21 -0 +Inf 🚀 <nil>] <nil>
}

// The client sends what Silcrow.send gives it, JSON text, as a custom event.
func ExampleCustom() {
	ev := frame.Custom("chat", []byte(`{ "text": "hi <3" }`))
	b, err := frame.Encode(ev)
	fmt.Println(string(b), err)
	// Output:
	// {"type":"custom","event":"chat","data":{"text":"hi <3"}} <nil>
}
