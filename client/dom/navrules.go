package dom

import (
	"errors"
	"strconv"
	"strings"

	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/wire/frame"
)

// What started a navigation, as silcrow:navigate's detail.trigger and the
// onRoute and onError handlers name it.
const (
	triggerWS       = "ws"       // a navigate event from the server
	triggerClick    = "click"    // a click on an [s-action] element
	triggerSubmit   = "submit"   // a submit of a form[s-action]
	triggerPopstate = "popstate" // Back or Forward
	triggerGo       = "api"      // Silcrow.go, as Silcrow.js names it
	triggerHeader   = "header"   // a silcrow-navigate response header
)

// methodAttributes are the attributes that choose the method of an
// [s-action] element other than a form, in the order they are looked for.
var methodAttributes = [...]string{"DELETE", "PUT", "POST", "PATCH", "GET"}

// requestMethod is the HTTP method of a declarative navigation: a form's
// method attribute in upper case (POST when it has none), otherwise the
// first of the attributes DELETE, PUT, POST, PATCH and GET the element has
// (attribute names are case-insensitive in HTML, so attr is asked in lower
// case), GET when it has none. attr returns an attribute's value and
// whether the element has it.
func requestMethod(form bool, attr func(name string) (string, bool)) string {
	if form {
		if m, _ := attr("method"); m != "" {
			return upperASCII(m)
		}
		return "POST"
	}
	for _, m := range methodAttributes {
		if _, ok := attr(strings.ToLower(m)); ok {
			return m
		}
	}
	return "GET"
}

// maxTimeout is the longest s-timeout in milliseconds: setTimeout takes
// at most a signed 32-bit delay and fires at once for a longer one.
const maxTimeout = 1<<31 - 1

// upperASCII is s with its ASCII letters in upper case: method names are
// ASCII tokens, and strings.ToUpper would cost silcrow.wasm its Unicode
// case tables' code.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// requestTimeout reads s-timeout, milliseconds as parseInt reads them
// (leading digits, anything after them ignored). Without the attribute the
// timeout is 30 s. A value without digits, of zero or too large for
// setTimeout would abort the request at once: it is an error, and the
// caller keeps the default.
func requestTimeout(attr string, present bool) (clock.Duration, error) {
	if !present {
		return navigationTimeout, nil
	}
	s := strings.TrimLeft(attr, "\t\n\f\r ")
	s = strings.TrimPrefix(s, "+")
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	ms, err := strconv.Atoi(s[:n])
	if err != nil || ms <= 0 || ms > maxTimeout {
		return navigationTimeout, errors.New("s-timeout=" + frame.Quote(attr) + " is not a positive number of milliseconds")
	}
	return clock.Duration(ms) * clock.Millisecond, nil
}

// pushesHistory reports whether a navigation adds a history entry: a GET
// of a whole page, that is without s-target on its source element, unless
// it asks to skip history. Back and Forward never push.
func pushesHistory(method, targetSelector string, skipHistory bool, trigger string) bool {
	return method == "GET" && targetSelector == "" && !skipHistory && trigger != triggerPopstate
}

// supersedes reports whether a new navigation of a target aborts the one
// still in flight for it, whose method is previous: a GET is only a read
// and its answer is stale now, but a mutation (POST, PUT, PATCH, DELETE)
// has effects on the server and is left to finish.
func supersedes(previous string) bool { return previous == "GET" }

// historyURL is the URL a navigation pushes: silcrow-push's when the
// server sent one, the URL a redirect ended at, else the one requested.
func historyURL(push, final, requested string, redirected bool) string {
	switch {
	case push != "":
		return push
	case redirected:
		return final
	}
	return requested
}

// cacheable reports whether a response may be kept in the GET cache: the
// answer to a GET that was not redirected (nor pushed to another URL by
// silcrow-push) and not marked "silcrow-cache: no-cache".
func cacheable(method string, redirected bool, cacheHeader string) bool {
	return method == "GET" && !redirected && !strings.EqualFold(strings.TrimSpace(cacheHeader), "no-cache")
}

// triggerEvent is one event a silcrow-trigger header asks for; detail is
// JSON text, nil for none (the event's detail is then null).
type triggerEvent struct {
	name   string
	detail []byte
}

// parseTriggers reads a silcrow-trigger header. A JSON object names one
// event per member, its value the event's detail; any other text is the
// name of one event without detail. Text that starts as an object but is
// not valid JSON is an error: no event is fired for it.
func parseTriggers(header string) ([]triggerEvent, error) {
	h := strings.TrimSpace(header)
	if h == "" {
		return nil, nil
	}
	if h[0] != '{' {
		return []triggerEvent{{name: h}}, nil
	}
	v, err := frame.ParseValue([]byte(h))
	if err != nil {
		return nil, errors.New("silcrow-trigger is not valid JSON: " + err.Error())
	}
	o := v.(*frame.Object)
	var events []triggerEvent
	for _, name := range uniqueNames(o) {
		d, _ := o.Get(name)
		events = append(events, triggerEvent{name: name, detail: appendJSON(nil, d)})
	}
	return events, nil
}

// parsePatchHeader reads a silcrow-patch header: a JSON object with a
// non-empty string target (a selector) and a data member, which is
// returned as JSON text.
func parsePatchHeader(header string) (target string, data []byte, err error) {
	v, err := frame.ParseValue([]byte(header))
	if err != nil {
		return "", nil, errors.New("silcrow-patch is not valid JSON: " + err.Error())
	}
	o, ok := v.(*frame.Object)
	if !ok {
		return "", nil, errors.New("silcrow-patch is not a JSON object")
	}
	t, _ := o.Get("target")
	target, _ = t.(string)
	d, hasData := o.Get("data")
	if target == "" || !hasData {
		return "", nil, errors.New("silcrow-patch needs a target selector and data")
	}
	return target, appendJSON(nil, d), nil
}

// sideEffects are the response headers a navigation acts on after its
// swap; side effects are never cached, so a response served from the
// cache has none.
type sideEffects struct {
	patch, invalidate, navigate, sse, ws string
}

// sideEffectRunner carries out the side effects of a navigation.
type sideEffectRunner interface {
	patch(target string, data []byte)
	invalidate(selector string)
	navigate(path string)
	sse(path string)
	ws(url string)
}

// run carries out the side effects in their order: silcrow-patch,
// silcrow-invalidate, silcrow-navigate, silcrow-sse, silcrow-ws. A bad
// header is skipped with a debug warning and the others still happen.
func (s sideEffects) run(r sideEffectRunner) {
	if s.patch != "" {
		if target, data, err := parsePatchHeader(s.patch); err != nil {
			warn(err.Error())
		} else {
			r.patch(target, data)
		}
	}
	if s.invalidate != "" {
		r.invalidate(s.invalidate)
	}
	if s.navigate != "" {
		r.navigate(s.navigate)
	}
	if s.sse != "" {
		r.sse(s.sse)
	}
	if s.ws != "" {
		r.ws(s.ws)
	}
}

// uniqueNames returns the member names of o, each once, in the order of
// their first appearance (the order JSON.parse gives an object's keys,
// integer-like keys aside).
func uniqueNames(o *frame.Object) []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range o.Members() {
		if !seen[m.Name] {
			seen[m.Name] = true
			names = append(names, m.Name)
		}
	}
	return names
}

// appendJSON appends v, a value as frame.ParseValue returns it, as JSON
// text; a repeated member name is written once, with its last value, as
// JSON.stringify(JSON.parse(text)) would. A number too large for a float64
// (±Inf) is null, as JSON.stringify writes it.
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case *frame.Object:
		b = append(b, '{')
		for i, name := range uniqueNames(v) {
			if i > 0 {
				b = append(b, ',')
			}
			m, _ := v.Get(name)
			b = append(frame.AppendString(b, name), ':')
			b = appendJSON(b, m)
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e)
		}
		return append(b, ']')
	case string:
		return frame.AppendString(b, v)
	case float64:
		if v-v != 0 { // ±Inf (NaN cannot be parsed)
			return append(b, "null"...)
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64)
	case bool:
		return strconv.AppendBool(b, v)
	}
	return append(b, "null"...)
}
