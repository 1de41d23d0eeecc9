// Package wire is the single definition of the Silcrow WebSocket wire format,
// shared by the Go server package and the silcrow.wasm client.
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
// encode them with [Encode] and read them with [Decode].
//
// Choices where Silcrow.js is silent:
//   - An object with "event" and no "type" is a custom event; this is what
//     the guide's Silcrow.send(el, {event: "chat", data: {...}}) produces.
//   - "target" may be absent or empty on patch, html and invalidate: the
//     client applies the event to every subscriber of the socket.
//   - "html" may carry "swap" (see [Swap]); absent means [Inner], which is
//     what every Silcrow.js server expects.
//   - Unknown extra fields, and fields the event's type does not use, are
//     ignored so that newer servers can add optional fields without breaking
//     older clients; everything else that is wrong is a [*DecodeError] naming
//     the problem.
//   - A field named twice is [ErrSyntax]: other parsers keep the first or the
//     last, and a frame must not mean two things. So is a frame that is not
//     UTF-8, which a browser would refuse, and data nested deeper than
//     encoding/json's 10000 levels. Inside data nothing is checked but the
//     syntax: data belongs to the application and is kept as sent.
//   - Encode writes "<", ">" and "&" as they are, in markup and in data
//     alike, as Silcrow.js servers do.
package wire
