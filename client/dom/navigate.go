package dom

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// navigationTimeout is how long a navigation may take before it is aborted
// and reported with silcrow:error, Silcrow.js's default.
const navigationTimeout = 30 * time.Second

// navigationURL resolves path against the page's URL and returns the URL
// to fetch. Only http and https URLs of the page's own origin are allowed:
// a navigation sends the user's cookies and puts the response into the
// page, so it must never be pointed elsewhere by markup or a message.
func navigationURL(pageURL, path string) (*url.URL, error) {
	if path == "" {
		return nil, errors.New("empty path")
	}
	page, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("page URL: %w", err)
	}
	ref, err := url.Parse(path)
	if err != nil {
		return nil, err
	}
	u := page.ResolveReference(ref)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q is not an http(s) URL", path)
	}
	if !sameOrigin(u, page) {
		return nil, fmt.Errorf("%q is not on this page's origin", path)
	}
	if u.User != nil {
		// fetch refuses URLs with credentials in them.
		return nil, fmt.Errorf("%q carries a user name", path)
	}
	return u, nil
}

// sameOrigin reports whether a and b have the same scheme, host and port,
// a missing port being the scheme's default.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// isJSONContentType reports whether a Content-Type header names JSON:
// application/json or a +json type, parameters and case aside. A
// navigation patches such a response into the target instead of swapping
// it in as markup.
func isJSONContentType(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	mediaType = strings.ToLower(strings.TrimSpace(mediaType))
	return mediaType == "application/json" ||
		strings.HasPrefix(mediaType, "application/") && strings.HasSuffix(mediaType, "+json")
}

// historyEntry says whose a history entry is, from its state.
type historyEntry int

const (
	// unmarkedEntry has no state: the page's first entry, or one that a
	// fragment link (#section) added.
	unmarkedEntry historyEntry = iota
	// silcrowEntry was pushed by a navigation.
	silcrowEntry
	// foreignEntry carries state another script put there; that script
	// handles going back to it.
	foreignEntry
)

// popstateNavigates reports whether going back or forward to an entry
// showing now (pathname and search) must fetch it, while the body shows
// shown. A change of fragment alone leaves the page as it is.
func popstateNavigates(shown, now string, entry historyEntry) bool {
	return now != shown && entry != foreignEntry
}
