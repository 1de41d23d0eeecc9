package live

import (
	"net/url"
	"strings"
)

// urlResolver is the native Resolver of the tests: net/url doing what the
// browser's new URL(ref, base) does for the inputs we feed it.
func urlResolver(base string) (Location, Resolver) {
	page, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	split := func(u *url.URL) Location {
		host, port := strings.ToLower(u.Hostname()), u.Port()
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		defaults := map[string]string{"http": "80", "ws": "80", "https": "443", "wss": "443"}
		if port != "" && port != defaults[u.Scheme] {
			host += ":" + port
		}
		pq := u.EscapedPath()
		if pq == "" {
			pq = "/"
		}
		if u.RawQuery != "" {
			pq += "?" + u.RawQuery
		}
		return Location{Protocol: strings.ToLower(u.Scheme) + ":", Host: host, PathQuery: pq}
	}
	return split(page), func(ref string) (Location, error) {
		r, err := url.Parse(ref)
		if err != nil {
			return Location{}, err
		}
		return split(page.ResolveReference(r)), nil
	}
}
