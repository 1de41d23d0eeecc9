package bench

import (
	"errors"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Each Benchmark below is one scenario, run against both clients
// in the same invocation. A benchmark iteration is the whole scenario, so
// run them with -benchtime=1x; SILCROW_BENCH_RUNS sets the runs per client
// inside it. The numbers go to the table TestMain prints, and as custom
// metrics (median of ours, ratio ours/reference) to the benchmark lines.

// bootSplit reads, in our client's page, when each step of the boot
// ended: the wasm's response (resource timing), the loader's marks, the
// first connect and the first server patch on screen. All are ms since
// navigation start.
const bootSplit = `(async () => {
  const b = __bench, at = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
  await new Promise((resolve) => { const t = setInterval(() => { if (b.firstPatch !== undefined) { clearInterval(t); resolve(); } }, 5); });
  const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
  return { loader: at("silcrow:loader"), downloaded: wasm ? wasm.responseEnd : undefined,
    compiled: at("silcrow:compiled"), main: at("silcrow:main"), boot: at("silcrow:boot"), ready: at("silcrow:ready"), connect: b.firstConnect, patch: b.firstPatch };
})()`

// bootSteps are the rows of the boot split, in order, with what each
// step is.
var bootSteps = []struct{ key, what string }{
	{"loader", "loader script runs"},
	{"downloaded", "silcrow.wasm downloaded"},
	{"compiled", "compiled and instantiated"},
	{"main", "Go runtime initialized, main runs"},
	{"boot", "document parsed, boot starts"},
	{"ready", "booted (scan, sockets opening)"},
	{"connect", "first live:connect"},
	{"patch", "first server patch on screen"},
}

// BenchmarkS1Boot is S1: navigation start to the first
// silcrow:live:connect and to the first server patch on screen (the
// server patches on connect), our boot split into its steps, and the
// sizes of silcrow.wasm.
func BenchmarkS1Boot(b *testing.B) {
	res := measure(b, "boot", 1, func(tb *tab, client string) (measurement, error) {
		if client == ours {
			split, err := eval[map[string]float64](tb, bootSplit)
			return measurement(split), err
		}
		t, err := eval[map[string]float64](tb, `new Promise((resolve) => { const t = setInterval(() => { if (__bench.firstPatch !== undefined) { clearInterval(t); resolve({connect: __bench.firstConnect, patch: __bench.firstPatch}); } }, 5); })`)
		return measurement(t), err
	})
	publish(b, "S1", row{scenario: "S1 boot: navigation → first live:connect", unit: "ms",
		ours: res[ours]["connect"], ref: res[ref]["connect"]})
	publish(b, "S1-patch", row{scenario: "S1 boot: navigation → first server patch visible", unit: "ms",
		ours: res[ours]["patch"], ref: res[ref]["patch"], target: ratioAtMost(2)})
	for _, step := range bootSteps[:6] {
		publish(b, "S1-"+step.key, row{scenario: "S1 split: " + step.what, unit: "ms", ours: res[ours][step.key]})
	}
	sizes := suite.assets.WasmSizes()
	publish(b, "S1-raw", row{scenario: "S1 silcrow.wasm raw", unit: "KB", ours: []float64{float64(sizes.Raw) / 1000}})
	gz, err := exec.Command("gzip", "-9", "-c", filepath.Join(suite.dir, "silcrow.wasm")).Output()
	if err != nil {
		b.Fatalf("gzip -9: %v", err)
	}
	loader := suite.assets.LoaderSizes().Gzip
	publish(b, "S1-gzip", row{scenario: "S1 silcrow.wasm gzip -9", unit: "KB", ours: []float64{float64(len(gz)) / 1000}})
	publish(b, "S1-loader", row{scenario: "S1 loader (bridge included) gzip as served", unit: "KB", ours: []float64{float64(loader) / 1000}})
	publish(b, "S1-total", row{scenario: "S1 silcrow.wasm gzip -9 + loader", unit: "KB", ours: []float64{float64(len(gz)+loader) / 1000}, target: valueAtMost(900)})
	publish(b, "S1-gzip-served", row{scenario: "S1 silcrow.wasm gzip as served (Go, best)", unit: "KB", ours: []float64{float64(sizes.Gzip) / 1000}})
	publish(b, "S1-brotli", row{scenario: "S1 silcrow.wasm brotli q11", unit: "KB", ours: []float64{float64(sizes.Brotli) / 1000}})
}

// BenchmarkS2ScalarStream is S2: patches per second into five bindings.
func BenchmarkS2ScalarStream(b *testing.B) {
	want := scalarExpected(scalarEvents)
	res := measure(b, "s2", 1, func(tb *tab, _ string) (measurement, error) {
		got, err := eval[struct {
			Ms    float64     `json:"ms"`
			Shown scalarShown `json:"shown"`
			handlerSplit
		}](tb, split(fmt.Sprintf("bench.scalar(%d)", scalarEvents)))
		if err == nil && got.Shown != want {
			err = fmt.Errorf("after the last patch the page shows %+v; want %+v", got.Shown, want)
		}
		return got.handlerSplit.add(measurement{"rate": scalarEvents / (got.Ms / 1000)}), err
	})
	publish(b, "S2", row{scenario: fmt.Sprintf("S2 scalar stream, %d patches × 5 bindings", scalarEvents), unit: "events/s",
		ours: res[ours]["rate"], ref: res[ref]["rate"], target: ratioAtLeast(1.0)})
	publishSplit(b, "S2", res)
}

// BenchmarkS3KeyedList is S3, the keyed list's first render and ms per
// patch, and S6, the memory of the same tab right after it.
func BenchmarkS3KeyedList(b *testing.B) {
	res := measure(b, "s3", 1, func(tb *tab, client string) (measurement, error) {
		m := measurement{}
		first, err := eval[struct {
			Ms    float64 `json:"ms"`
			Items int     `json:"items"`
		}](tb, `bench.listInit()`)
		if err != nil {
			return m, err
		}
		if first.Items != listItems {
			return m, fmt.Errorf("the initial list shows %d items; want %d", first.Items, listItems)
		}
		m["init"] = first.Ms
		patches, err := eval[struct {
			Ms    float64    `json:"ms"`
			Items [][]string `json:"items"`
			handlerSplit
		}](tb, split(fmt.Sprintf("bench.listPatches(%d)", listPatches)))
		if err != nil {
			return m, err
		}
		if err := sameRows(patches.Items, suite.srv.listFinal); err != nil {
			return m, fmt.Errorf("after the last list patch: %w", err)
		}
		m["patch"] = patches.Ms / listPatches
		patches.handlerSplit.add(m)

		if m["heap"], err = tb.heapUsed(); err != nil {
			return m, err
		}
		wasm, err := eval[float64](tb, `__bench.wasmMemory ? __bench.wasmMemory.buffer.byteLength : 0`)
		if err == nil && client == ours && wasm == 0 {
			err = errors.New("the probe saw no WebAssembly memory: did the loader stop using WebAssembly.instantiateStreaming or instantiate?")
		}
		m["wasm"] = wasm
		return m, err
	})
	publish(b, "S3-init", row{scenario: fmt.Sprintf("S3 keyed list: first render of %d items", listItems), unit: "ms",
		ours: res[ours]["init"], ref: res[ref]["init"], target: ratioAtMost(2)})
	publish(b, "S3", row{scenario: fmt.Sprintf("S3 keyed list: %d patches (10%% texts, %d moves)", listPatches, listMoves), unit: "ms/patch",
		ours: res[ours]["patch"], ref: res[ref]["patch"], target: ratioAtMost(0.35)})
	publishSplit(b, "S3", res)
	publish(b, "S6-heap", row{scenario: "S6 JS heap after S3 and a forced GC", unit: "MiB",
		ours: mib(res[ours]["heap"]), ref: mib(res[ref]["heap"])})
	publish(b, "S6-wasm", row{scenario: "S6 wasm linear memory after S3", unit: "MiB",
		ours: mib(res[ours]["wasm"]), target: valueAtMost(8)})
}

// BenchmarkS4HTMLSwaps is S4: html appends per second.
func BenchmarkS4HTMLSwaps(b *testing.B) {
	res := measure(b, "s4", 1, func(tb *tab, _ string) (measurement, error) {
		got, err := eval[struct {
			Ms    float64 `json:"ms"`
			Count int     `json:"count"`
			handlerSplit
		}](tb, split(fmt.Sprintf("bench.swaps(%d)", swapEvents)))
		if err == nil && got.Count != swapEvents {
			err = fmt.Errorf("#feed has %d articles; want %d", got.Count, swapEvents)
		}
		return got.handlerSplit.add(measurement{"rate": swapEvents / (got.Ms / 1000)}), err
	})
	publish(b, "S4", row{scenario: fmt.Sprintf("S4 html append, %d × %d B", swapEvents, swapMarkupSize), unit: "events/s",
		ours: res[ours]["rate"], ref: res[ref]["rate"], target: ratioAtLeast(0.9)})
	publishSplit(b, "S4", res)
}

// BenchmarkS5Echo is S5: the percentiles of send → patch → DOM round
// trips.
func BenchmarkS5Echo(b *testing.B) {
	res := measure(b, "s5", 1, func(tb *tab, _ string) (measurement, error) {
		lat, err := eval[[]float64](tb, fmt.Sprintf("bench.echo(%d)", echoRounds))
		if err != nil {
			return nil, err
		}
		if len(lat) != echoRounds {
			return nil, fmt.Errorf("%d round trips measured; want %d", len(lat), echoRounds)
		}
		return measurement{"p50": percentile(lat, 50), "p95": percentile(lat, 95), "p99": percentile(lat, 99)}, nil
	})
	for _, p := range []struct {
		name   string
		target *target
	}{{"p50", ratioAtMost(1.1)}, {"p95", nil}, {"p99", ratioAtMost(1.3)}} {
		publish(b, "S5-"+p.name, row{scenario: fmt.Sprintf("S5 echo %s of %d round trips", p.name, echoRounds), unit: "ms",
			ours: res[ours][p.name], ref: res[ref][p.name], target: p.target})
	}
}

// BenchmarkS7Cleanup is S7: removing s-live elements until the server has
// seen every socket close.
func BenchmarkS7Cleanup(b *testing.B) {
	res := measure(b, "s7", cleanupSockets+1, func(tb *tab, _ string) (measurement, error) {
		got, err := eval[struct {
			Ms float64 `json:"ms"`
		}](tb, fmt.Sprintf("bench.cleanup(%d)", cleanupSockets))
		return measurement{"ms": got.Ms}, err
	})
	publish(b, "S7", row{scenario: fmt.Sprintf("S7 remove %d s-live → server saw every close", cleanupSockets), unit: "ms",
		ours: res[ours]["ms"], ref: res[ref]["ms"], target: ratioAtMost(1)})
}

// handlerSplit is what split adds to a scenario's result.
type handlerSplit struct {
	HandlerUs float64 `json:"handlerUs"`
	ApplyUs   float64 `json:"applyUs"`
	ReadUs    float64 `json:"readUs"`
}

// add puts the split into m, as "handler", "apply" and "read".
func (s handlerSplit) add(m measurement) measurement {
	m["handler"], m["apply"], m["read"] = s.HandlerUs, s.ApplyUs, s.ReadUs
	return m
}

// publishSplit reports a stream's split: the time in the message handler
// per message, for both clients, and ours' parts of it in the bridge's
// applier and reads. The rest of our handler's time is Go's (the
// reference's is all its own JavaScript); what a message costs outside
// the handler is the browser's.
func publishSplit(b *testing.B, key string, res map[string]map[string][]float64) {
	publish(b, key+"-handler", row{scenario: key + " split: in the message handler", unit: "µs/message",
		ours: res[ours]["handler"], ref: res[ref]["handler"]})
	publish(b, key+"-apply", row{scenario: key + " split: of which applying commands", unit: "µs/message",
		ours: res[ours]["apply"]})
	publish(b, key+"-read", row{scenario: key + " split: of which reads for Go", unit: "µs/message",
		ours: res[ours]["read"]})
}

// measurement is what one run measured, by quantity.
type measurement map[string]float64

// String lists the quantities in name order, for the run log.
func (m measurement) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+formatValue(m[k]))
	}
	return strings.Join(parts, " ")
}

// pageRun runs a scenario in a tab whose page has loaded and connected;
// client is ours or ref.
type pageRun func(tb *tab, client string) (measurement, error)

// measure runs a scenario on both clients: a warm-up run each, then
// suite.runs runs each, alternating ours and the reference so that a change
// in the machine's load hits both alike. Every run is a fresh tab that
// loads the scenario's page, waits until its sockets have connected and
// hands it to run. It returns the measured values by client and quantity.
// A run that fails fails the benchmark at once. The benchmark's own ns/op
// is the wall time of all of it, not a measurement.
func measure(b *testing.B, page string, sockets int, run pageRun) map[string]map[string][]float64 {
	b.Helper()
	needSuite(b)
	res := map[string]map[string][]float64{ours: {}, ref: {}}
	for i := range suite.runs + 1 {
		for _, client := range []string{ours, ref} {
			start := time.Now()
			m, err := runOnce(page, client, sockets, run, i == 0)
			b.Logf("%s %s run %d: %v in %.1fs", page, client, i, m, time.Since(start).Seconds())
			if err != nil {
				b.Fatalf("%s, %s, run %d of %d (0 is the warm-up): %v", page, client, i, suite.runs, err)
			}
			if i == 0 {
				continue
			}
			for k, v := range m {
				res[client][k] = append(res[client][k], v)
			}
		}
	}
	return res
}

var lastRun atomic.Int64

// warmUpLinger is how long a warm-up tab stays open after its run. V8
// writes a WebAssembly module's compiled code to the code cache only
// after it has run a while (2 s by default), so a shorter warm-up would
// leave every measured boot compiling from scratch, unlike a returning
// visitor's.
const warmUpLinger = 3 * time.Second

func runOnce(page, client string, sockets int, run pageRun, warmUp bool) (measurement, error) {
	id := fmt.Sprintf("%s-%s-%d", client, page, lastRun.Add(1))
	tb, err := openTab(id)
	if err != nil {
		return nil, err
	}
	defer tb.close()
	if err := tb.do("load the page", chromedp.Navigate(suite.srv.URL(client, page, id))); err != nil {
		return nil, err
	}
	if _, err := eval[float64](tb, fmt.Sprintf("__bench.connected(%d)", sockets)); err != nil {
		return nil, err
	}
	m, err := profiled(tb, client, run)
	if err != nil {
		return nil, tb.fail("the scenario", err)
	}
	if warmUp {
		time.Sleep(warmUpLinger)
	}
	return m, tb.problems()
}

// publish adds r to the final table and reports ours' median and the
// ratio as metrics of b, named after key.
func publish(b *testing.B, key string, r row) {
	report.add(r)
	unit := strings.ReplaceAll(r.unit, "/", "-per-")
	b.ReportMetric(median(r.ours), key+"-ours-"+unit)
	if q, ok := r.ratio(); ok {
		b.ReportMetric(q, key+"-ratio")
	}
}

// sameRows reports the first difference between the list the page shows
// and the one it should.
func sameRows(got, want [][]string) error {
	if len(got) != len(want) {
		return fmt.Errorf("the list shows %d items; want %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			return fmt.Errorf("item %d shows %q; want %q", i, got[i], want[i])
		}
	}
	return nil
}

func mib(bytes []float64) []float64 {
	out := make([]float64, len(bytes))
	for i, v := range bytes {
		out[i] = v / (1 << 20)
	}
	return out
}
