package live

import (
	"errors"
	"strings"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// Protocol is the kind of live connection an s-live attribute asks for.
type Protocol string

// The protocols of s-live.
const (
	WebSocket Protocol = "ws"
	SSE       Protocol = "sse"
)

// Endpoint is a normalised live URL: the key under which one socket is
// shared by all its subscribers.
type Endpoint struct {
	Protocol Protocol
	// URL is absolute: ws:// or wss:// for WebSocket, http:// or https://
	// for SSE, without fragment and default port.
	URL string
}

// Location is a URL as the browser's URL object splits it, which is what
// ParseEndpoint needs: resolution is the platform's job (new URL(ref, base)
// in the browser, net/url natively), the policy is ours.
type Location = bridge.URL

// Resolver resolves a URL reference against the page, as
// new URL(ref, location.href) does.
type Resolver func(ref string) (Location, error)

// ParseEndpoint reads an s-live attribute of a page at page, resolving
// relative references with resolve:
//
//	"/ws/chat", "chat", "../ws"   WebSocket, resolved against the page
//	"ws:/ws/chat"                  WebSocket (Silcrow.js spelling)
//	"ws://host/p", "wss://host/p"  WebSocket, same origin only
//	"sse:/events/feed"             Server-Sent Events
//
// http(s) becomes ws(s). Anything cross-origin, or with another scheme, is
// an error and must never be opened.
func ParseEndpoint(attr string, page Location, resolve Resolver) (Endpoint, error) {
	s := strings.TrimSpace(attr)
	if s == "" {
		return Endpoint{}, errEmptyURL
	}
	proto := WebSocket
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "ws://"), strings.HasPrefix(lower, "wss://"):
	case strings.HasPrefix(lower, "sse:"):
		proto, s = SSE, s[len("sse:"):]
	case strings.HasPrefix(lower, "ws:"):
		s = s[len("ws:"):]
	}
	if strings.TrimSpace(s) == "" {
		// "ws:" or "sse:" alone names no URL; resolving "" would give the
		// page's own, a socket that reconnects forever.
		return Endpoint{}, errors.New("s-live URL " + frame.Quote(attr) + " names no URL")
	}
	u, err := resolve(s)
	if err != nil {
		return Endpoint{}, errors.New("s-live URL " + frame.Quote(attr) + ": " + err.Error())
	}
	scheme := u.Protocol
	switch {
	case proto == WebSocket && scheme == "http:":
		scheme = "ws:"
	case proto == WebSocket && scheme == "https:":
		scheme = "wss:"
	case proto == WebSocket && (scheme == "ws:" || scheme == "wss:"):
	case proto == SSE && (scheme == "http:" || scheme == "https:"):
	default:
		return Endpoint{}, errors.New("s-live URL " + frame.Quote(attr) + ": scheme " + frame.Quote(u.Protocol) + " is not allowed")
	}
	want := page.Protocol
	if proto == WebSocket {
		want = map[string]string{"http:": "ws:", "https:": "wss:"}[page.Protocol]
	}
	if scheme != want || u.Host != page.Host {
		return Endpoint{}, errors.New("s-live URL " + frame.Quote(attr) + " is not same-origin with the page " + page.Protocol + "//" + page.Host)
	}
	return Endpoint{Protocol: proto, URL: scheme + "//" + u.Host + u.Pathname + u.Search}, nil
}
