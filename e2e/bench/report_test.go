package bench

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
)

// report collects the rows of the table TestMain prints at the end.
var report results

// results is a table of rows, added to by the benchmarks.
type results struct {
	mu   sync.Mutex
	rows []row
}

// row is one line of the table: a measured quantity of a scenario, its
// values over the runs for each client, and its target.
type row struct {
	scenario string
	unit     string
	ours     []float64
	ref      []float64 // nil when the reference has no such quantity
	target   *target   // nil: reported, not judged
}

// target is a budget. It bounds the ratio ours/reference of the
// medians, or, with absolute set, ours' median itself.
type target struct {
	absolute bool
	atMost   bool // the value must be at most limit; else at least
	limit    float64
}

func ratioAtMost(limit float64) *target  { return &target{atMost: true, limit: limit} }
func ratioAtLeast(limit float64) *target { return &target{limit: limit} }
func valueAtMost(limit float64) *target  { return &target{absolute: true, atMost: true, limit: limit} }

func (t *target) String() string {
	op := "≥ "
	if t.atMost {
		op = "≤ "
	}
	if t.absolute {
		return op + formatValue(t.limit)
	}
	return op + formatValue(t.limit) + "×"
}

// add records r for the final table.
func (rep *results) add(r row) {
	rep.mu.Lock()
	defer rep.mu.Unlock()
	rep.rows = append(rep.rows, r)
}

// ratio is the median of ours over the median of the reference; false
// when there is no reference.
func (r row) ratio() (float64, bool) {
	if len(r.ref) == 0 {
		return 0, false
	}
	return median(r.ours) / median(r.ref), true
}

// met says whether the row meets its target; false when it has none.
func (r row) met() (ok, judged bool) {
	if r.target == nil {
		return false, false
	}
	v := median(r.ours)
	if !r.target.absolute {
		var has bool
		if v, has = r.ratio(); !has {
			return false, false
		}
	}
	if r.target.atMost {
		return v <= r.target.limit, true
	}
	return v >= r.target.limit, true
}

// table renders every row: median and range per client, the ratio, the
// target and whether it is met.
func (rep *results) table(runs int) string {
	rep.mu.Lock()
	defer rep.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "Browser benchmarks, median (min–max); measured runs per client: %d, each in a fresh tab after a warm-up run.\n", runs)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tunit\tours\treference\tours/ref\ttarget\tmet")
	for _, r := range rep.rows {
		refCol, ratioCol, targetCol, metCol := "–", "–", "–", "–"
		if len(r.ref) > 0 {
			refCol = spread(r.ref)
		}
		if q, ok := r.ratio(); ok {
			ratioCol = strconv.FormatFloat(q, 'f', 2, 64) + "×"
		}
		if r.target != nil {
			targetCol = r.target.String()
		}
		if ok, judged := r.met(); judged {
			metCol = map[bool]string{true: "yes", false: "NO"}[ok]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.scenario, r.unit, spread(r.ours), refCol, ratioCol, targetCol, metCol)
	}
	tw.Flush()
	return b.String()
}

// spread is "median (min–max)", or the value alone when there is one.
func spread(v []float64) string {
	if len(v) == 1 {
		return formatValue(v[0])
	}
	return fmt.Sprintf("%s (%s–%s)", formatValue(median(v)), formatValue(slices.Min(v)), formatValue(slices.Max(v)))
}

// formatValue keeps three or four significant digits without exponents.
func formatValue(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// median is the middle value of v, the mean of the two middle ones for an
// even count.
func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile is the nearest-rank p-th percentile of v (0 < p ≤ 100): the
// smallest value at least p% of the values are less than or equal to.
func percentile(v []float64, p float64) float64 {
	s := slices.Sorted(slices.Values(v))
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[max(rank, 1)-1]
}
