package dom

import "github.com/silcrow/silcrow/client/internal/clock"

// The GET cache's limits, Silcrow.js's.
const (
	cacheTTL  = 5 * clock.Minute
	cacheSize = 50
)

// cachedResponse is a GET response kept for later navigations: only what
// the swap needs. Side-effect headers are one-shot and never kept.
type cachedResponse struct {
	url, text, contentType string
	stored                 clock.Time
}

// responseCache keeps the answers to GET navigations by their full URL
// for cacheTTL, at most cacheSize of them: storing one more evicts the
// one stored longest ago. now is the clock.
type responseCache struct {
	now     func() clock.Time
	entries []cachedResponse // oldest first
}

// get returns the response stored for url if it is still fresh; a stale
// one is dropped.
func (c *responseCache) get(url string) (cachedResponse, bool) {
	i := c.index(url)
	if i < 0 {
		return cachedResponse{}, false
	}
	e := c.entries[i]
	if c.now().Sub(e.stored) > cacheTTL {
		c.remove(url)
		return cachedResponse{}, false
	}
	return e, true
}

// put stores the response to url, replacing what was stored for it.
func (c *responseCache) put(url, text, contentType string) {
	c.remove(url)
	c.entries = append(c.entries, cachedResponse{url: url, text: text, contentType: contentType, stored: c.now()})
	if len(c.entries) > cacheSize {
		c.entries = append(c.entries[:0], c.entries[1:]...)
	}
}

// remove drops what is stored for url.
func (c *responseCache) remove(url string) {
	if i := c.index(url); i >= 0 {
		c.entries = append(c.entries[:i], c.entries[i+1:]...)
	}
}

// clear drops everything: a mutation may have changed any page.
func (c *responseCache) clear() { c.entries = nil }

func (c *responseCache) index(url string) int {
	for i := range c.entries {
		if c.entries[i].url == url {
			return i
		}
	}
	return -1
}
