package e2e

import (
	"fmt"
	"slices"
	"testing"
)

// bootProbe runs in every new document of a tab before the page's own
// scripts and notes performance.now() at silcrow:ready and at the first
// silcrow:live:connect.
const bootProbe = `window.__boot = {};
for (const [name, key] of [["silcrow:ready", "ready"], ["silcrow:live:connect", "connect"]]) {
  document.addEventListener(name, () => {
    if (window.__boot[key] === undefined) window.__boot[key] = performance.now();
  });
}`

// bootRuns is how many fresh tabs TestBootTiming loads the demo in.
const bootRuns = 10

// TestBootTiming loads the demo page in fresh tabs and logs how long after
// the navigation started the runtime was ready and its socket open. It
// measures, it does not judge: run it with -v to read the numbers. The
// first load fetches and compiles the wasm cold; later ones may hit the
// browser's caches.
func TestBootTiming(t *testing.T) {
	d := needDemo(t)
	var ready, connect []float64
	for i := range bootRuns {
		tb := openTab(t, fmt.Sprintf("boot %d", i+1))
		tb.addScriptOnNewDocument(bootProbe)
		tb.navigate(d.URL())
		tb.waitFor("the first silcrow:live:connect", `window.__boot.connect !== undefined`)
		got := eval[struct {
			Ready   float64 `json:"ready"`
			Connect float64 `json:"connect"`
		}](tb, `window.__boot`)
		t.Logf("load %2d: silcrow:ready at %6.1f ms, first silcrow:live:connect at %6.1f ms", i+1, got.Ready, got.Connect)
		ready = append(ready, got.Ready)
		connect = append(connect, got.Connect)
		tb.close()
	}
	for _, m := range []struct {
		name string
		v    []float64
	}{{"silcrow:ready", ready}, {"first silcrow:live:connect", connect}} {
		lo, mid, hi := spread(m.v)
		t.Logf("%s over %d loads: median %.1f ms, min %.1f ms, max %.1f ms (performance.now())", m.name, len(m.v), mid, lo, hi)
	}
}

// spread returns the minimum, median and maximum of v.
func spread(v []float64) (lo, median, hi float64) {
	s := slices.Sorted(slices.Values(v))
	n := len(s)
	median = s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	return s[0], median, s[n-1]
}
