package live

import (
	"fmt"
	"net/url"
	"strings"
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

// ParseEndpoint reads an s-live attribute against the page URL:
//
//	"/ws/chat", "chat", "../ws"   WebSocket, resolved against the page
//	"ws:/ws/chat"                  WebSocket (Silcrow.js spelling)
//	"ws://host/p", "wss://host/p"  WebSocket, same origin only
//	"sse:/events/feed"             Server-Sent Events
//
// http(s) becomes ws(s). Anything cross-origin, or with another scheme, is
// an error and must never be opened.
func ParseEndpoint(attr string, page *url.URL) (Endpoint, error) {
	s := strings.TrimSpace(attr)
	if s == "" {
		return Endpoint{}, fmt.Errorf("empty s-live URL")
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
	ref, err := url.Parse(s)
	if err != nil {
		return Endpoint{}, fmt.Errorf("s-live URL %q: %v", attr, err)
	}
	u := page.ResolveReference(ref)
	u.Fragment, u.RawFragment = "", ""
	want := page.Scheme
	switch {
	case proto == WebSocket && page.Scheme == "http":
		want = "ws"
	case proto == WebSocket && page.Scheme == "https":
		want = "wss"
	}
	switch u.Scheme {
	case "http", "https":
		if proto == WebSocket {
			u.Scheme = map[string]string{"http": "ws", "https": "wss"}[u.Scheme]
		}
	case "ws", "wss":
		if proto == SSE {
			return Endpoint{}, fmt.Errorf("s-live URL %q: SSE needs an http(s) URL", attr)
		}
	default:
		return Endpoint{}, fmt.Errorf("s-live URL %q: scheme %q is not allowed", attr, u.Scheme)
	}
	if u.Scheme != want || !sameHost(u, page) {
		return Endpoint{}, fmt.Errorf("s-live URL %q is not same-origin with the page %s://%s", attr, page.Scheme, page.Host)
	}
	u.Host = hostPort(u)
	return Endpoint{Protocol: proto, URL: u.String()}, nil
}

func sameHost(u, page *url.URL) bool {
	return hostPort(u) == hostPort(page)
}

// hostPort lower-cases the host and drops the scheme's default port, so
// that ws://Example.com:80/x and ws://example.com/x share a socket.
func hostPort(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	switch {
	case port == "80" && (u.Scheme == "ws" || u.Scheme == "http"),
		port == "443" && (u.Scheme == "wss" || u.Scheme == "https"),
		port == "":
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + port
}
