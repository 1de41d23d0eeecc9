package bench

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/silcrow/silcrow/e2e/internal/chrome"
	"github.com/silcrow/silcrow/e2e/internal/wasmbuild"
	"github.com/silcrow/silcrow/server"
)

// runsEnv names the environment variable that sets how many measured runs
// each scenario makes per client (after one warm-up run each).
const runsEnv = "SILCROW_BENCH_RUNS"

// defaultRuns keeps the browser benchmarks within about six minutes on two
// heavily shared cores (load average 9), so that make bench, Go benchmarks
// included, stays under ten; S3's 300 list patches take half of it.
const defaultRuns = 3

// suite is what TestMain prepares once when benchmarks run.
var suite struct {
	// dir holds the freshly built silcrow.wasm and wasm_exec.js.
	dir    string
	assets *server.Assets
	// browser is the context of the one browser of the run; every
	// scenario run opens a tab of its own under it.
	browser context.Context
	srv     *benchServer
	runs    int
	// err is why the suite is not ready; every benchmark fails with it.
	err error
}

// TestMain builds the wasm, starts the browser and the benchmark server
// only when benchmarks were asked for (-bench): a plain go test of this
// package runs its quick unit tests and nothing else. After the benchmarks
// it prints the table of every scenario.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		os.Exit(m.Run())
	}
	os.Exit(runSuite(m))
}

func runSuite(m *testing.M) int {
	var err error
	if suite.runs, err = runsFromEnv(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	if suite.dir, err = os.MkdirTemp("", "silcrow-bench-"); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	defer os.RemoveAll(suite.dir)

	root, err := filepath.Abs("../..")
	if err == nil {
		err = wasmbuild.Build(root, suite.dir)
	}
	if err == nil {
		suite.assets, err = server.NewAssets(os.DirFS(suite.dir))
	}
	if err == nil {
		var stop func()
		suite.browser, stop, err = chrome.Start("bench")
		if stop != nil {
			defer stop()
		}
	}
	if err == nil {
		suite.srv = newBenchServer(suite.assets)
		defer suite.srv.close()
	}
	suite.err = err

	code := m.Run()
	if len(report.rows) > 0 {
		fmt.Println()
		fmt.Print(report.table(suite.runs))
	}
	return code
}

func runsFromEnv() (int, error) {
	s := os.Getenv(runsEnv)
	if s == "" {
		return defaultRuns, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q: want a positive number of runs", runsEnv, s)
	}
	return n, nil
}

// needSuite fails b unless the wasm, the browser and the server are ready.
func needSuite(b *testing.B) {
	b.Helper()
	if suite.err != nil {
		b.Fatalf("bench harness: %v", suite.err)
	}
}
