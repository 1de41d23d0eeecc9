// Package frame is the definition of the Silcrow WebSocket wire format:
// the event types, the encoder and the strict decoder, shared by the Go
// server (through package wire) and the silcrow.wasm client.
//
// It imports no encoding/json, fmt or reflect: in a wasm binary those three
// cost some 300 KB of gzip, more than the rest of the runtime's budget
// allows. So it carries its own JSON reader, strict per RFC 8259, and its
// own writer, which produces byte for byte what encoding/json produces
// for the same event. Package wire adds the constructors that take any Go
// value as data, and is what server code imports; the client imports frame.
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
// whose data is JSON text, encode them with [Encode], read them with
// [Decode], and read the JSON of data with [ParseValue].
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
//     UTF-8, which a browser would refuse, and arrays and objects nested
//     more than 10000 deep, the frame's own object included, which is
//     encoding/json's limit too, so that every Go reader of a frame agrees
//     with this one. Inside data nothing is checked but the syntax: data
//     belongs to the application and is kept as sent.
//   - In strings, an escaped lone UTF-16 surrogate ("\ud800") reads as
//     U+FFFD, as in encoding/json.
//   - Encode writes "<", ">" and "&" as they are, in markup and in data
//     alike, as Silcrow.js servers do.
//
// Error messages start with "wire:" and String describes a failed event as
// "wire.Event(...)": users meet these types as package wire's, which
// re-exports them.
package frame
