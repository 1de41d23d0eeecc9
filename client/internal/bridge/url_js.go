//go:build js && wasm

package bridge

import (
	"errors"
	"syscall/js"

	"github.com/silcrow/silcrow/wire/frame"
)

var urlConstructor = js.Global().Get("URL")

// ParseURL is new URL(ref, base), split; a reference the browser cannot
// parse (it throws a TypeError) is an error. It is a cold path (a
// subscription, a navigation), so it calls the browser directly.
func ParseURL(ref, base string) (u URL, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("invalid URL " + frame.Quote(ref) + ": " + PanicText(r))
		}
	}()
	v := urlConstructor.New(ref, base)
	return URL{
		Href:     v.Get("href").String(),
		Protocol: v.Get("protocol").String(),
		Host:     v.Get("host").String(),
		Username: v.Get("username").String(),
		Password: v.Get("password").String(),
		Pathname: v.Get("pathname").String(),
		Search:   v.Get("search").String(),
	}, nil
}

// PageHref is location.href.
func PageHref() string { return js.Global().Get("location").Get("href").String() }
