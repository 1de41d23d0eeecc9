package bench

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"github.com/silcrow/silcrow/e2e/internal/chrome"
)

// profileDir is SILCROW_BENCH_PROFILE: when set, every measured run of
// our client is recorded with the DevTools CPU profiler (100 µs sampling)
// and written there as <run>.cpuprofile, which Chromium's DevTools opens
// (Performance panel, "Load profile"), and the run log lists the
// functions with the most self time. Profiling slows the page down, so
// the numbers of such a run are not results.
var profileDir = os.Getenv("SILCROW_BENCH_PROFILE")

// profiled runs run under the CPU profiler when profileDir is set and
// client is ours.
func profiled(tb *tab, client string, run pageRun) (measurement, error) {
	if profileDir == "" || client != ours {
		return run(tb, client)
	}
	if err := tb.do("start the profiler", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		return chrome.StartProfiler(ctx, t, 100)
	})); err != nil {
		return nil, err
	}
	m, runErr := run(tb, client)
	var prof *profiler.Profile
	if err := tb.do("stop the profiler", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		prof, err = chrome.StopProfiler(ctx, t)
		return err
	})); err != nil {
		return m, err
	}
	if err := writeProfile(tb.name, prof); err != nil {
		return m, err
	}
	return m, runErr
}

// writeProfile saves p and prints its top self-time functions.
func writeProfile(name string, p *profiler.Profile) error {
	path := filepath.Join(profileDir, name+".cpuprofile")
	if err := chrome.WriteProfile(path, p); err != nil {
		return err
	}
	self := map[string]float64{}
	byID := map[int64]string{}
	for _, n := range p.Nodes {
		f := n.CallFrame
		byID[n.ID] = fmt.Sprintf("%s %s:%d", cmp.Or(f.FunctionName, "(anonymous)"), filepath.Base(f.URL), f.LineNumber+1)
	}
	total := 0.0
	for i, id := range p.Samples {
		if i < len(p.TimeDeltas) {
			d := float64(p.TimeDeltas[i]) / 1000
			self[byID[id]] += d
			total += d
		}
	}
	names := make([]string, 0, len(self))
	for k := range self {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(self[b], self[a]) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %.0f ms sampled, top self time:\n", path, total)
	for _, k := range names[:min(30, len(names))] {
		fmt.Fprintf(&sb, "  %7.1f ms %5.1f%%  %s\n", self[k], 100*self[k]/total, k)
	}
	fmt.Fprint(os.Stderr, sb.String())
	return nil
}
