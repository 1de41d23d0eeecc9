package dom

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/silcrow/silcrow/wire/frame"
)

// toast is one notification for the onToast handler: its message and
// level as JSON text, nil when the toast has none (the handler then gets
// undefined).
type toast struct {
	message, level []byte
}

// toastCookie is the cookie a server leaves toasts in for a page that is
// not JSON: a URL-encoded JSON array of {message, level}.
const toastCookie = "silcrow_toasts"

// takeJSONToasts takes the toasts out of a JSON navigation response: the
// array under _toasts. It returns them and the response without that
// member; when only a data member is left, the response is what data
// holds (its members, for an object; nothing otherwise). A response
// without _toasts is returned as it is. An _toasts that is not an array
// is dropped with an error; items that are not objects are skipped.
func takeJSONToasts(body []byte) ([]toast, []byte, error) {
	v, err := frame.ParseValue(body)
	if err != nil {
		return nil, body, err
	}
	o, ok := v.(*frame.Object)
	if !ok {
		return nil, body, nil
	}
	raw, ok := o.Get("_toasts")
	if !ok {
		return nil, body, nil
	}
	toasts, err := toastsOf(raw)
	if err != nil {
		err = errors.New("_toasts: " + err.Error())
	}
	var rest []string
	for _, name := range uniqueNames(o) {
		if name != "_toasts" {
			rest = append(rest, name)
		}
	}
	if len(rest) == 1 && rest[0] == "data" {
		data, _ := o.Get("data")
		if d, ok := data.(*frame.Object); ok {
			return toasts, appendJSON(nil, d), err
		}
		return toasts, []byte("{}"), err
	}
	b := []byte{'{'}
	for i, name := range rest {
		if i > 0 {
			b = append(b, ',')
		}
		m, _ := o.Get(name)
		b = appendJSON(append(frame.AppendString(b, name), ':'), m)
	}
	return toasts, append(b, '}'), err
}

// toastsOf reads an array of toasts.
func toastsOf(v any) ([]toast, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, errors.New("not an array")
	}
	var toasts []toast
	for _, item := range items {
		o, ok := item.(*frame.Object)
		if !ok {
			continue
		}
		var t toast
		if m, ok := o.Get("message"); ok {
			t.message = appendJSON(nil, m)
		}
		if l, ok := o.Get("level"); ok {
			t.level = appendJSON(nil, l)
		}
		toasts = append(toasts, t)
	}
	return toasts, nil
}

// headerToasts reads a silcrow-toast response header, a JSON array of
// {message, level} (what package server's Response.Toast sends).
func headerToasts(header string) ([]toast, error) {
	v, err := frame.ParseValue([]byte(header))
	if err == nil {
		var toasts []toast
		if toasts, err = toastsOf(v); err == nil {
			return toasts, nil
		}
	}
	return nil, errors.New("silcrow-toast: " + err.Error())
}

// cookieToasts finds the silcrow_toasts cookie in document.cookie and
// returns its toasts; found reports whether the cookie is there (it is
// then cleared, whether or not it could be read). A value that is not
// URL-encoded JSON of an array is an error.
func cookieToasts(cookies string) (toasts []toast, found bool, err error) {
	for _, c := range strings.Split(cookies, ";") {
		name, value, ok := strings.Cut(strings.TrimLeft(c, " \t"), "=")
		if !ok || name != toastCookie || value == "" {
			continue
		}
		text, err := decodeURIComponent(value)
		if err != nil {
			return nil, true, errors.New(toastCookie + " cookie: " + err.Error())
		}
		v, err := frame.ParseValue([]byte(text))
		if err == nil {
			toasts, err = toastsOf(v)
		}
		if err != nil {
			return nil, true, errors.New(toastCookie + " cookie: " + err.Error())
		}
		return toasts, true, nil
	}
	return nil, false, nil
}

// decodeURIComponent decodes %XX escapes as JavaScript's function of that
// name does: a malformed escape, or bytes that are not UTF-8, are an
// error.
func decodeURIComponent(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || !isHexDigit(s[i+1]) || !isHexDigit(s[i+2]) {
			return "", errors.New("malformed URI escape")
		}
		b = append(b, hexValue(s[i+1])<<4|hexValue(s[i+2]))
		i += 2
	}
	if !utf8.Valid(b) {
		return "", errors.New("malformed URI escape: not UTF-8")
	}
	return string(b), nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexValue(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
