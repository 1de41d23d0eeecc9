package dom

import (
	"errors"
	"strings"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/wire/frame"
)

// navigationTimeout is how long a navigation may take before it is aborted
// and reported with silcrow:error, Silcrow.js's default.
const navigationTimeout = 30 * clock.Second

// urlResolver resolves a URL reference against the page, as
// new URL(ref, location.href) does; a reference the platform cannot parse
// is an error.
type urlResolver func(ref string) (bridge.URL, error)

// navigationURL resolves path with resolve and returns the URL to fetch.
// Only http and https URLs of the page's own origin are allowed: a
// navigation sends the user's cookies and puts the response into the
// page, so it must never be pointed elsewhere by markup or a message.
func navigationURL(page bridge.URL, path string, resolve urlResolver) (bridge.URL, error) {
	if path == "" {
		return bridge.URL{}, errors.New("empty path")
	}
	u, err := resolve(path)
	if err != nil {
		return bridge.URL{}, err
	}
	if u.Protocol != "http:" && u.Protocol != "https:" {
		return bridge.URL{}, errors.New(frame.Quote(path) + " is not an http(s) URL")
	}
	if !sameOrigin(u, page) {
		return bridge.URL{}, errors.New(frame.Quote(path) + " is not on this page's origin")
	}
	if u.Username != "" || u.Password != "" {
		// fetch refuses URLs with credentials in them.
		return bridge.URL{}, errors.New(frame.Quote(path) + " carries credentials")
	}
	return u, nil
}

// sameOrigin reports whether a and b have the same scheme, host and port.
// The parts come normalized (lower case, default port left out), so the
// comparison is plain equality.
func sameOrigin(a, b bridge.URL) bool {
	return a.Protocol == b.Protocol && a.Host == b.Host
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
	// unmarkedEntry has no state: one that a fragment link (#section)
	// added, or the page's first entry before the runtime marked it.
	unmarkedEntry historyEntry = iota
	// silcrowEntry was pushed by a navigation.
	silcrowEntry
	// foreignEntry carries state another script put there; that script
	// handles going back to it.
	foreignEntry
)

// popstateNavigates reports whether going back or forward to an entry
// showing now (pathname and search) must fetch it, while the page shows
// shown: only entries a navigation pushed (the runtime marks the page's
// first entry as one at start-up) are fetched, and a change of fragment
// alone leaves the page as it is.
func popstateNavigates(shown, now string, entry historyEntry) bool {
	return now != shown && entry == silcrowEntry
}
