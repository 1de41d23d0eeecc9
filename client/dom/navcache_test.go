package dom

import (
	"strconv"
	"testing"

	"github.com/silcrow/silcrow/client/internal/clock"
)

// fakeClock is a clock the test moves.
type fakeClock struct{ t clock.Time }

func (c *fakeClock) now() clock.Time { return c.t }

func (c *fakeClock) advance(d clock.Duration) { c.t += clock.Time(d) }

func newTestCache() (*responseCache, *fakeClock) {
	fc := &fakeClock{t: 1234567}
	return &responseCache{now: fc.now}, fc
}

func TestCacheKeepsAResponseForFiveMinutes(t *testing.T) {
	c, fc := newTestCache()
	c.put("https://a.test/x", "<p>x</p>", "text/html")
	fc.advance(5 * clock.Minute)
	if e, ok := c.get("https://a.test/x"); !ok || e.text != "<p>x</p>" || e.contentType != "text/html" {
		t.Fatalf("after exactly 5 minutes: %+v, %v; want the response", e, ok)
	}
	fc.advance(clock.Millisecond)
	if _, ok := c.get("https://a.test/x"); ok {
		t.Fatal("a response older than 5 minutes is still served")
	}
	if len(c.entries) != 0 {
		t.Errorf("a stale response stays stored: %d entries", len(c.entries))
	}
}

func TestCacheIsKeyedByTheFullURL(t *testing.T) {
	c, _ := newTestCache()
	c.put("https://a.test/list?page=1", "one", "")
	if _, ok := c.get("https://a.test/list?page=2"); ok {
		t.Error("another query string hits the cache")
	}
	if _, ok := c.get("https://a.test/list?page=1"); !ok {
		t.Error("the same URL misses the cache")
	}
}

func TestCacheEvictsTheOldestOfFiftyOne(t *testing.T) {
	c, fc := newTestCache()
	for i := 0; i < cacheSize+1; i++ {
		c.put("https://a.test/"+strconv.Itoa(i), "", "")
		fc.advance(clock.Second)
	}
	if len(c.entries) != cacheSize {
		t.Fatalf("%d entries, want %d", len(c.entries), cacheSize)
	}
	if _, ok := c.get("https://a.test/0"); ok {
		t.Error("the oldest response was not evicted")
	}
	for _, i := range []int{1, cacheSize} {
		if _, ok := c.get("https://a.test/" + strconv.Itoa(i)); !ok {
			t.Errorf("response %d was evicted", i)
		}
	}
}

func TestCacheStoringAgainRenews(t *testing.T) {
	c, fc := newTestCache()
	c.put("https://a.test/a", "old", "")
	c.put("https://a.test/b", "", "")
	fc.advance(4 * clock.Minute)
	c.put("https://a.test/a", "new", "")
	fc.advance(2 * clock.Minute)
	if e, ok := c.get("https://a.test/a"); !ok || e.text != "new" {
		t.Errorf("the response stored again: %+v, %v; want the new one, fresh", e, ok)
	}
	if _, ok := c.get("https://a.test/b"); ok {
		t.Error("b, stored 6 minutes ago, is still served")
	}
}

func TestCacheRemoveAndClear(t *testing.T) {
	c, _ := newTestCache()
	c.put("https://a.test/a", "", "")
	c.put("https://a.test/b", "", "")
	c.remove("https://a.test/a")
	if _, ok := c.get("https://a.test/a"); ok {
		t.Error("a removed response is still served")
	}
	if _, ok := c.get("https://a.test/b"); !ok {
		t.Error("remove dropped another response")
	}
	c.clear()
	if _, ok := c.get("https://a.test/b"); ok {
		t.Error("clear left a response")
	}
}
