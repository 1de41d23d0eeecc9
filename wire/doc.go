// Package wire is the Silcrow WebSocket wire format as server code uses it:
// the events, their constructors, [Encode] and [Decode].
//
// Every message is one WebSocket text frame holding one JSON object tagged by
// "type". There are five types:
//
//	{"type":"patch","target":"#stats","data":{"count":42}}
//	{"type":"html","target":"#content","markup":"<p>Hello</p>"}
//	{"type":"invalidate","target":"#form"}
//	{"type":"navigate","path":"/dashboard"}
//	{"type":"custom","event":"ping","data":{"ts":12345}}
//
// Build events with [Patch], [HTML], [Invalidate], [Navigate] and [Custom],
// encode them with [Encode] and read them with [Decode]. Read a received
// event's data with json.Unmarshal(ev.Data, &v).
//
// The format itself is defined once, in package
// [github.com/silcrow/silcrow/wire/frame], which the silcrow.wasm client
// imports: it does without encoding/json, fmt and reflect, which would
// make the wasm too large. This package re-exports its types, constants
// and errors under the same names, so that an [Event] here is a
// frame.Event there, and adds what needs encoding/json: [Patch] and
// [Custom] take data as any Go value. The frame package's documentation
// lists the choices the format makes where Silcrow.js is silent, such as
// an {event, data} object without "type" reading as a custom event and a
// field named twice being malformed.
package wire
