package chrome

import (
	"context"
	"encoding/json"
	"os"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// StartProfiler starts the DevTools CPU profiler in the tab t, sampling
// every interval microseconds.
func StartProfiler(ctx context.Context, t *chromedp.Target, interval int64) error {
	if _, err := cdp.Call(ctx, t, profiler.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := cdp.Call(ctx, t, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: interval}); err != nil {
		return err
	}
	_, err := cdp.Call(ctx, t, profiler.Start, cdp.Empty{})
	return err
}

// StopProfiler stops the profiler of the tab t and returns its profile.
func StopProfiler(ctx context.Context, t *chromedp.Target) (*profiler.Profile, error) {
	r, err := cdp.Call(ctx, t, profiler.Stop, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	return r.Profile, nil
}

// WriteProfile writes p to path in the .cpuprofile format that Chromium's
// DevTools opens (Performance panel, "Load profile").
func WriteProfile(path string, p *profiler.Profile) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return os.WriteFile(path, raw, 0o644)
}
