// Package urltest is the native stand-in for the browser's
// new URL(ref, base), for the tests of the URL policies in client/live and
// client/dom: net/url resolving, then the normalizations of the browser's
// URL parser those policies rely on (tabs and newlines dropped, C0
// controls and spaces trimmed, scheme and host lower case, the scheme's
// default port left out, an empty path of a special scheme made "/").
package urltest

import (
	"net/url"
	"strings"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

// Resolver returns the parts of the page at base and the resolver of
// references against it.
func Resolver(base string) (bridge.URL, func(ref string) (bridge.URL, error)) {
	page, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	resolve := func(ref string) (bridge.URL, error) {
		ref = strings.TrimFunc(ref, func(r rune) bool { return r <= 0x20 })
		ref = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(ref)
		r, err := url.Parse(ref)
		if err != nil {
			return bridge.URL{}, err
		}
		return Split(page.ResolveReference(r)), nil
	}
	return Split(page), resolve
}

// defaultPorts are the ports the browser leaves out of a URL's host.
var defaultPorts = map[string]string{"http": "80", "ws": "80", "https": "443", "wss": "443"}

// Split normalizes u as the browser's URL object would and splits it.
func Split(u *url.URL) bridge.URL {
	scheme := strings.ToLower(u.Scheme)
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" && port != defaultPorts[scheme] {
		host += ":" + port
	}
	var user, password string
	if u.User != nil {
		user = u.User.Username()
		password, _ = u.User.Password()
	}
	norm := *u
	norm.Scheme, norm.Host = scheme, host
	if norm.Path == "" && defaultPorts[scheme] != "" {
		norm.Path = "/"
	}
	search := ""
	if norm.RawQuery != "" {
		search = "?" + norm.RawQuery
	}
	return bridge.URL{
		Href: norm.String(), Protocol: scheme + ":", Host: host, Username: user, Password: password,
		Pathname: norm.EscapedPath(), Search: search,
	}
}
