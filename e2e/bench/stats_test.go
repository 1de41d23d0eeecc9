package bench

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestMedianAndPercentile(t *testing.T) {
	tests := []struct {
		name          string
		v             []float64
		median        float64
		p50, p95, p99 float64
	}{
		{"one value", []float64{7}, 7, 7, 7, 7},
		{"odd count, unsorted", []float64{3, 1, 2}, 2, 2, 3, 3},
		{"even count takes the mean of the middle two", []float64{4, 1, 3, 2}, 2.5, 2, 4, 4},
		{"a hundred values", seq(1, 100), 50.5, 50, 95, 99},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := median(tt.v); got != tt.median {
				t.Errorf("median = %v; want %v", got, tt.median)
			}
			for _, p := range []struct{ p, want float64 }{{50, tt.p50}, {95, tt.p95}, {99, tt.p99}} {
				if got := percentile(tt.v, p.p); got != p.want {
					t.Errorf("percentile %v = %v; want %v", p.p, got, p.want)
				}
			}
		})
	}
}

func seq(from, to int) []float64 {
	var v []float64
	for i := from; i <= to; i++ {
		v = append(v, float64(i))
	}
	return v
}

func TestTargets(t *testing.T) {
	tests := []struct {
		name       string
		r          row
		met, judge bool
	}{
		{"time ratio within", row{ours: []float64{2, 3, 4}, ref: []float64{3}, target: ratioAtMost(1.2)}, true, true},
		{"time ratio over", row{ours: []float64{4}, ref: []float64{3}, target: ratioAtMost(1.2)}, false, true},
		{"throughput ratio within", row{ours: []float64{95}, ref: []float64{100}, target: ratioAtLeast(0.9)}, true, true},
		{"throughput ratio under", row{ours: []float64{80}, ref: []float64{100}, target: ratioAtLeast(0.9)}, false, true},
		{"absolute budget", row{ours: []float64{7, 9, 8}, target: valueAtMost(8)}, true, true},
		{"absolute budget exceeded", row{ours: []float64{8.5}, target: valueAtMost(8)}, false, true},
		{"no target", row{ours: []float64{1}, ref: []float64{1}}, false, false},
		{"ratio target without a reference", row{ours: []float64{1}, target: ratioAtMost(2)}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			met, judged := tt.r.met()
			if met != tt.met || judged != tt.judge {
				t.Errorf("met() = %v, %v; want %v, %v", met, judged, tt.met, tt.judge)
			}
		})
	}
}

// The S3 traffic is what BENCHMARKS.md describes: every patch carries the whole
// list, changes the three texts of 10% of the items, leaves the others as
// they were, and moves a few items: keeping all but at most listMoves of
// them in their relative order.
func TestListScript(t *testing.T) {
	const items, patches, changed, moves = 200, 20, 20, 5
	events, final := listScript(items, patches, changed, moves)
	if len(events) != patches+1 {
		t.Fatalf("%d events; want the initial list and %d patches", len(events), patches)
	}
	var prev []listItem
	for seq, ev := range events {
		var data struct {
			Seq   int        `json:"seq"`
			Items []listItem `json:"items"`
		}
		if err := json.Unmarshal(ev.Data, &data); err != nil {
			t.Fatal(err)
		}
		if data.Seq != seq || len(data.Items) != items {
			t.Fatalf("event %d: seq %d with %d items; want seq %d with %d", seq, data.Seq, len(data.Items), seq, items)
		}
		if prev != nil {
			checkListPatch(t, seq, prev, data.Items, changed, moves)
		}
		prev = data.Items
	}
	for i, it := range prev {
		if !slices.Equal(final[i], it.row()) {
			t.Fatalf("final row %d = %q; want %q", i, final[i], it.row())
		}
	}
}

func checkListPatch(t *testing.T, seq int, prev, next []listItem, changed, moves int) {
	t.Helper()
	before := map[string]listItem{}
	pos := map[string]int{}
	for i, it := range prev {
		before[it.Key] = it
		pos[it.Key] = i
	}
	var n int
	var order []int
	for _, it := range next {
		old, ok := before[it.Key]
		if !ok {
			t.Fatalf("patch %d: new key %s; the list keeps its items", seq, it.Key)
		}
		order = append(order, pos[it.Key])
		switch {
		case old == it:
		case old.Title != it.Title && old.Count != it.Count && old.Owner != it.Owner:
			n++
		default:
			t.Fatalf("patch %d: item %s changed some texts but not all: %+v → %+v", seq, it.Key, old, it)
		}
	}
	if n != changed {
		t.Errorf("patch %d changed %d items; want %d", seq, n, changed)
	}
	if out := len(order) - longestIncreasing(order); out < 1 || out > moves {
		t.Errorf("patch %d moved %d items out of order; want 1 to %d", seq, out, moves)
	}
}

// longestIncreasing is the length of the longest increasing subsequence.
func longestIncreasing(v []int) int {
	var tails []int
	for _, x := range v {
		i, _ := slices.BinarySearch(tails, x)
		if i == len(tails) {
			tails = append(tails, x)
		} else {
			tails[i] = x
		}
	}
	return len(tails)
}
