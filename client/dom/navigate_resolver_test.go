package dom

import (
	"net/url"
	"strings"
)

// netURLResolver is the native stand-in for the browser's
// new URL(ref, base): net/url resolving, then the normalizations the
// browser's URL parser makes that navigationURL relies on (tabs and
// newlines dropped, C0 controls and spaces trimmed, scheme and host lower
// case, the scheme's default port left out). It returns the page's parts
// and the resolver.
func netURLResolver(base string) (urlParts, urlResolver) {
	page, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	resolve := func(ref string) (urlParts, error) {
		ref = strings.TrimFunc(ref, func(r rune) bool { return r <= 0x20 })
		ref = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(ref)
		r, err := url.Parse(ref)
		if err != nil {
			return urlParts{}, err
		}
		return splitURL(page.ResolveReference(r)), nil
	}
	return splitURL(page), resolve
}

// splitURL normalizes u as the browser's URL object would and splits it.
func splitURL(u *url.URL) urlParts {
	scheme := strings.ToLower(u.Scheme)
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	defaults := map[string]string{"http": "80", "https": "443"}
	if port != "" && port != defaults[scheme] {
		host += ":" + port
	}
	var user, password string
	if u.User != nil {
		user = u.User.Username()
		password, _ = u.User.Password()
	}
	norm := *u
	norm.Scheme, norm.Host = scheme, host
	if norm.Path == "" && (scheme == "http" || scheme == "https") {
		norm.Path = "/"
	}
	return urlParts{Href: norm.String(), Protocol: scheme + ":", Host: host, Username: user, Password: password}
}
