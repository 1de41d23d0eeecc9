// Package api is the Silcrow runtime in the browser: it boots on a parsed
// document, wires client/live's hub to client/dom through the live.Page
// adapter, and carries out the calls of window.Silcrow's methods, which
// the loader forwards through the bridge with their arguments decoded.
// A failing call never throws into the page; it is a debug warning.
// cmd/silcrow-wasm is its main.
package api
