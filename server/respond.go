package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The silcrow-* response headers, read by the client runtime after a
// navigation it made with fetch (Silcrow.go, an s-action click or form, a
// navigate event, Back). silcrow-trigger, silcrow-retarget, silcrow-push,
// silcrow-cache and silcrow-toast act before the swap; silcrow-patch,
// silcrow-invalidate, silcrow-navigate, silcrow-sse and silcrow-ws after
// it, in that order. A response the client serves from its GET cache has
// none of them: they are one-shot.
const (
	HeaderWS         = "silcrow-ws"
	HeaderSSE        = "silcrow-sse"
	HeaderPatch      = "silcrow-patch"
	HeaderInvalidate = "silcrow-invalidate"
	HeaderNavigate   = "silcrow-navigate"
	HeaderRetarget   = "silcrow-retarget"
	HeaderPush       = "silcrow-push"
	HeaderTrigger    = "silcrow-trigger"
	HeaderCache      = "silcrow-cache"
	HeaderToast      = "silcrow-toast"
)

// Response is an HTML or JSON response under construction. Build one with
// [HTML] or [JSON], chain modifiers that set the silcrow-* headers, then
// send it with [Response.Write], as an http.Handler, or through [Respond]:
//
//	server.HTML(page).WS(ChatWS).Toast("Welcome back", "info")
//
// Every modifier returns the same *Response. A modifier given a value it
// cannot put in a header safely (a control character, which would allow
// header injection, or data that does not encode) records an error instead
// of setting the header; Write then sends a 500 and returns the errors.
// Nothing is dropped silently.
//
// Header values are US-ASCII only, because browsers read header bytes as
// Latin-1:
//   - paths and URLs (WS, SSE, ClientNavigate, PushHistory) have non-ASCII
//     bytes and spaces percent-encoded; existing %XX escapes are kept;
//   - selectors (InvalidateTarget, Retarget) have non-ASCII characters
//     written as six-digit CSS escapes (#café becomes #caf\0000e9), which
//     document.querySelector reads back as the same selector;
//   - JSON values (PatchTarget, Trigger, Toast) have non-ASCII characters
//     written as \uXXXX escapes, which JSON.parse reads back unchanged.
//
// A modifier that sets a single-valued header replaces the value an earlier
// call set; Trigger and Toast accumulate.
type Response struct {
	status      int
	contentType string
	body        []byte
	header      http.Header
	triggers    []string
	toasts      []toast
	err         error
}

type toast struct {
	Message string `json:"message"`
	Level   string `json:"level"`
}

// HTML returns a 200 response whose body is markup, served as
// text/html; charset=utf-8.
func HTML(markup string) *Response {
	return &Response{
		status:      http.StatusOK,
		contentType: "text/html; charset=utf-8",
		body:        []byte(markup),
		header:      http.Header{},
	}
}

// JSON returns a 200 response whose body is the JSON encoding of v, served
// as application/json. A value that cannot be encoded is an error that
// [Response.Write] reports, never a null body.
func JSON(v any) *Response {
	r := &Response{status: http.StatusOK, contentType: "application/json", header: http.Header{}}
	body, err := json.Marshal(v)
	if err != nil {
		r.fail(fmt.Errorf("server: encoding JSON response: %w", err))
		return r
	}
	r.body = body
	return r
}

// Status sets the status code (default 200). Codes outside 100–999 are an
// error.
func (r *Response) Status(code int) *Response {
	if code < 100 || code > 999 {
		r.fail(fmt.Errorf("server: invalid status code %d", code))
		return r
	}
	r.status = code
	return r
}

// Header sets an arbitrary response header, replacing earlier values; it
// may override the Content-Type that HTML or JSON chose. The name must be an
// HTTP token and the value printable ASCII (tabs allowed).
func (r *Response) Header(name, value string) *Response {
	if !isToken(name) {
		r.fail(fmt.Errorf("server: invalid header name %q", name))
		return r
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < 0x20 && c != '\t') || c >= 0x7f {
			r.fail(fmt.Errorf("server: header %s: value has a control or non-ASCII byte at offset %d", name, i))
			return r
		}
	}
	r.header.Set(name, value)
	return r
}

// WS sets silcrow-ws to the route's path: after the swap the client opens a
// WebSocket bound to the navigation's target element (document.body for a
// full-page navigation), as Silcrow.live(target, path) would: the socket's
// messages without a target apply to that element.
func (r *Response) WS(route WsRoute) *Response { return r.setURL(HeaderWS, route.Path()) }

// SSE sets silcrow-sse to path: after the swap the client fires
// silcrow:sse {path, target} on document, path resolved to a same-origin
// URL and target the navigation's target element. The client does not
// open an EventSource by itself yet; a page script listening for
// silcrow:sse does.
func (r *Response) SSE(path string) *Response { return r.setURL(HeaderSSE, path) }

// ClientNavigate sets silcrow-navigate: after the swap (and after
// silcrow-patch and silcrow-invalidate) the client navigates document.body
// to path, as Silcrow.go(path) does, with silcrow:navigate's trigger
// "header". A path of another origin is refused.
func (r *Response) ClientNavigate(path string) *Response { return r.setURL(HeaderNavigate, path) }

// PushHistory sets silcrow-push: a full-page navigation pushes url (of the
// page's origin; another is refused) onto the history instead of the URL
// it fetched, silcrow:load reports it as the URL with redirected true, and
// the response is not cached.
func (r *Response) PushHistory(url string) *Response { return r.setURL(HeaderPush, url) }

// InvalidateTarget sets silcrow-invalidate: after the swap (and after
// silcrow-patch) the client drops the cached binding map of the element
// matching selector, so the next patch there rescans it.
func (r *Response) InvalidateTarget(selector string) *Response {
	return r.setSelector(HeaderInvalidate, selector)
}

// Retarget sets silcrow-retarget: the client swaps the response into the
// element matching selector instead of the requested target; a selector
// that matches nothing keeps the requested target.
func (r *Response) Retarget(selector string) *Response {
	return r.setSelector(HeaderRetarget, selector)
}

// PatchTarget sets silcrow-patch to {"target":selector,"data":data}: after
// the swap, first of the side effects, the client patches data into the
// element matching selector, as Silcrow.patch(data, selector) would.
func (r *Response) PatchTarget(selector string, data any) *Response {
	if selector == "" {
		r.fail(fmt.Errorf("server: %s: empty selector", HeaderPatch))
		return r
	}
	value, err := json.Marshal(struct {
		Target string `json:"target"`
		Data   any    `json:"data"`
	}{selector, data})
	if err != nil {
		r.fail(fmt.Errorf("server: %s: encoding data: %w", HeaderPatch, err))
		return r
	}
	r.header.Set(HeaderPatch, asciiOnly(value))
	return r
}

// Trigger adds name to silcrow-trigger, a JSON object whose keys are event
// names in call order, each with a null detail:
//
//	silcrow-trigger: {"saved":null,"refresh":null}
//
// Before the swap the client dispatches one bubbling CustomEvent per key
// on document, the key's value as its detail (null here). A repeated name
// is sent once.
func (r *Response) Trigger(name string) *Response {
	if name == "" {
		r.fail(fmt.Errorf("server: %s: empty event name", HeaderTrigger))
		return r
	}
	for _, t := range r.triggers {
		if t == name {
			return r
		}
	}
	r.triggers = append(r.triggers, name)
	var b strings.Builder
	b.WriteByte('{')
	for i, t := range r.triggers {
		if i > 0 {
			b.WriteByte(',')
		}
		// Built by hand because a Go map would lose the call order.
		key, _ := json.Marshal(t) // a string always encodes
		b.WriteString(asciiOnly(key))
		b.WriteString(":null")
	}
	b.WriteByte('}')
	r.header.Set(HeaderTrigger, b.String())
	return r
}

// NoCache sets silcrow-cache: no-cache, so the client does not keep this
// GET response in its navigation cache (which otherwise keeps a GET's
// answer for 5 minutes, up to 50 of them, until any other method's
// navigation clears it).
func (r *Response) NoCache() *Response {
	r.header.Set(HeaderCache, "no-cache")
	return r
}

// Toast adds a notification to silcrow-toast, a JSON array in call order:
//
//	silcrow-toast: [{"message":"Saved","level":"success"}]
//
// The client hands each to the handler registered with Silcrow.onToast as
// (message, level), before the swap. (Silcrow.js's ways work too: an
// _toasts array in a JSON body, and a silcrow_toasts cookie holding the
// URL-encoded JSON array, which the client reads after an HTML response
// and when onToast is set, then clears.) Level is free text; "info", "success", "warning" and
// "error" are the usual ones. A full page load cannot read its own response
// headers, so toasts reach the page only on navigations the runtime makes.
func (r *Response) Toast(message, level string) *Response {
	if message == "" {
		r.fail(fmt.Errorf("server: %s: empty message", HeaderToast))
		return r
	}
	r.toasts = append(r.toasts, toast{Message: message, Level: level})
	value, _ := json.Marshal(r.toasts) // strings always encode
	r.header.Set(HeaderToast, asciiOnly(value))
	return r
}

// Err returns the errors recorded while building the response, or nil.
func (r *Response) Err() error { return r.err }

// Write sends the response. If building it recorded an error, Write sends a
// bare 500 instead and returns that error. Errors writing the body to the
// connection are not reported, as with any http.Handler. Write does not
// change r, so one Response may be sent many times, concurrently.
func (r *Response) Write(w http.ResponseWriter) error { return r.send(w, "") }

// send is Write with an extra Vary value, which Respond adds.
func (r *Response) send(w http.ResponseWriter, vary string) error {
	if r.err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return r.err
	}
	h := w.Header()
	if r.contentType != "" {
		h.Set("Content-Type", r.contentType)
	}
	for name, values := range r.header {
		h[name] = append([]string(nil), values...)
	}
	if vary != "" {
		h.Add("Vary", vary)
	}
	w.WriteHeader(r.status)
	if bodyAllowed(r.status) {
		_, _ = w.Write(r.body)
	}
	return nil
}

// ServeHTTP implements http.Handler with [Response.Write]. It has no caller
// to return an error to, so it logs one with slog at level Error.
func (r *Response) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if err := r.Write(w); err != nil {
		slog.ErrorContext(req.Context(), "silcrow: response not sent", "method", req.Method, "path", req.URL.Path, "err", err)
	}
}

func (r *Response) fail(err error) { r.err = errors.Join(r.err, err) }

func (r *Response) setURL(name, u string) *Response {
	value, err := headerURL(u)
	if err != nil {
		r.fail(fmt.Errorf("server: %s: %w", name, err))
		return r
	}
	r.header.Set(name, value)
	return r
}

func (r *Response) setSelector(name, selector string) *Response {
	value, err := headerSelector(selector)
	if err != nil {
		r.fail(fmt.Errorf("server: %s: %w", name, err))
		return r
	}
	r.header.Set(name, value)
	return r
}

// headerURL makes a path or URL safe for a header: control characters are
// refused (a CR or LF there is an injection attempt, not a URL), non-ASCII
// bytes and spaces are percent-encoded.
func headerURL(u string) (string, error) {
	if u == "" {
		return "", errors.New("empty path")
	}
	if !utf8.ValidString(u) {
		return "", errors.New("path is not valid UTF-8")
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c < 0x20 || c == 0x7f:
			return "", fmt.Errorf("control character %q in path %q", c, u)
		case c == ' ' || c >= 0x80:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// headerSelector makes a CSS selector safe for a header: control characters
// are refused, non-ASCII characters become six-digit CSS escapes, which need
// no terminating space (a trailing space would be trimmed from a header). A
// backslash that already escapes a non-ASCII character is folded into the
// new escape, so the selector keeps its meaning.
func headerSelector(sel string) (string, error) {
	if sel == "" {
		return "", errors.New("empty selector")
	}
	if !utf8.ValidString(sel) {
		return "", errors.New("selector is not valid UTF-8")
	}
	var b strings.Builder
	backslash := false // the previous character was an unescaped backslash
	for _, c := range sel {
		switch {
		case c < 0x20 || c == 0x7f:
			return "", fmt.Errorf("control character %q in selector %q", c, sel)
		case c >= 0x80:
			fmt.Fprintf(&b, `\%06x`, c)
			backslash = false
		case backslash:
			b.WriteByte('\\')
			b.WriteRune(c)
			backslash = false
		case c == '\\':
			backslash = true
		default:
			b.WriteRune(c)
		}
	}
	if backslash {
		b.WriteByte('\\')
	}
	return b.String(), nil
}

// asciiOnly rewrites JSON text with every non-ASCII character (and DEL)
// as a \uXXXX escape. In valid JSON such characters occur only inside
// strings, where the escape means the same character, and encoding/json has
// already escaped the control characters.
func asciiOnly(raw []byte) string {
	var b strings.Builder
	for _, c := range string(raw) {
		if c < 0x7f {
			b.WriteRune(c)
			continue
		}
		if c > 0xffff {
			hi, lo := utf16.EncodeRune(c)
			fmt.Fprintf(&b, `\u%04x\u%04x`, hi, lo)
			continue
		}
		fmt.Fprintf(&b, `\u%04x`, c)
	}
	return b.String()
}

// isToken reports whether s is an RFC 9110 token, the grammar of a header
// name.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

// bodyAllowed reports whether a response with this status may carry a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}
