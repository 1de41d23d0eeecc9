package dom

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// planList is planFrom for two sequences of comparable elements: where
// each element of new is in old is looked up in a table of old.
func planList[K comparable](old, new []K) listPlan {
	at := make(map[K]int, len(old))
	for i, k := range old {
		at[k] = i
	}
	from := make([]int, len(new))
	for i, k := range new {
		j, ok := at[k]
		if !ok {
			j = -1
		}
		from[i] = j
	}
	return planFrom(len(old), from)
}

// moves counts the nodes the plan moves: kept nodes that do not stay.
func (p listPlan) moves() int {
	n := 0
	for i, j := range p.from {
		if j >= 0 && !p.stay[i] {
			n++
		}
	}
	return n
}

func TestListKeys(t *testing.T) {
	tests := []struct {
		json string
		want []string
	}{
		{`[]`, []string{}},
		{`[{"key":"a"},{"key":"b"}]`, []string{"a", "b"}},
		{`[{"key":1},{"key":2.5},{"key":1e21},{"key":-0}]`, []string{"1", "2.5", "1e+21", "0"}},
		{`[{"key":true},{"key":""}]`, []string{"true", ""}},
		{`[{"key":"card#7","title":"x"}]`, []string{"card#7"}},
	}
	for _, tt := range tests {
		items, err := frame.ParseValue([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		got, err := listKeys(items.([]any), nil, 0)
		if err != nil {
			t.Errorf("listKeys(%s) error: %v", tt.json, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("listKeys(%s) = %q, want %q", tt.json, got, tt.want)
		}
	}
}

func TestListKeysRejectsTheWholeArray(t *testing.T) {
	tests := []struct{ json, why string }{
		{`[{"key":"a"},"b"]`, "item 1 is not an object"},
		{`[null]`, "item 0 is not an object"},
		{`[[{"key":"a"}]]`, "item 0 is not an object"},
		{`[{"key":"a"},{"title":"b"}]`, "item 1 has no key"},
		{`[{"key":null}]`, "item 0 has no key"},
		{`[{"key":{"id":1}}]`, "not a string or a number"},
		{`[{"key":[1]}]`, "not a string or a number"},
		{`[{"key":"a"},{"key":"b"},{"key":"a"}]`, `items 0 and 2 have the same key "a"`},
		// Keys compare as the text String() makes of them.
		{`[{"key":1},{"key":"1"}]`, `items 0 and 1 have the same key "1"`},
		{`[{"key":"1"},{"key":1.0}]`, `items 0 and 1 have the same key "1"`},
		{`[{"key":true},{"key":"true"}]`, `same key "true"`},
		{`[{"key":1e21},{"key":"1e+21"}]`, `same key "1e+21"`},
	}
	for _, tt := range tests {
		items, err := frame.ParseValue([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		got, err := listKeys(items.([]any), nil, 0)
		if err == nil {
			t.Errorf("listKeys(%s) = %q, want an error", tt.json, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.why) {
			t.Errorf("listKeys(%s) error %q does not say %q", tt.json, err, tt.why)
		}
	}
}

// Keys that name known items are checked for repeats by their marks,
// new keys by a table; both find a repeat, and a mark of an earlier check
// (another gen) is no repeat.
func TestListKeysChecksKnownKeysByTheirMarks(t *testing.T) {
	marks := map[string]*keyMark{"a": {}, "b": {}, "1": {}}
	known := func(key string) *keyMark { return marks[key] }
	for gen, tt := range []struct{ json, why string }{
		{`[{"key":"a"},{"key":"c"},{"key":"b"}]`, ""},
		{`[{"key":"b"},{"key":"a"}]`, ""},
		{`[{"key":"a"},{"key":"c"},{"key":"b"},{"key":"a"}]`, `items 0 and 3 have the same key "a"`},
		{`[{"key":"c"},{"key":"b"},{"key":"c"}]`, `items 0 and 2 have the same key "c"`},
		{`[{"key":1},{"key":"1"}]`, `items 0 and 1 have the same key "1"`},
		{`[{"key":"a"},{"key":"b"}]`, ""},
	} {
		items, err := frame.ParseValue([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		_, err = listKeys(items.([]any), known, uint32(gen+1))
		switch {
		case tt.why == "" && err != nil:
			t.Errorf("listKeys(%s): %v, want no error", tt.json, err)
		case tt.why != "" && (err == nil || !strings.Contains(err.Error(), tt.why)):
			t.Errorf("listKeys(%s) error %v, want %q", tt.json, err, tt.why)
		}
	}
}

func TestPlanList(t *testing.T) {
	tests := []struct {
		name, old, new string
		from           []int
		stay           []bool
		removed        []int
		moves          int
	}{
		{"unchanged", "a b c", "a b c", []int{0, 1, 2}, []bool{true, true, true}, nil, 0},
		{"empty to some", "", "a b", []int{-1, -1}, []bool{false, false}, nil, 0},
		{"some to empty", "a b", "", []int{}, []bool{}, []int{0, 1}, 0},
		{"append", "a b", "a b c", []int{0, 1, -1}, []bool{true, true, false}, nil, 0},
		{"insert in the middle", "a c", "a b c", []int{0, -1, 1}, []bool{true, false, true}, nil, 0},
		{"delete in the middle", "a b c", "a c", []int{0, 2}, []bool{true, true}, []int{1}, 0},
		{"swap two", "a b c d", "a c b d", []int{0, 2, 1, 3}, []bool{true, false, true, true}, nil, 1},
		{"last to first", "a b c d", "d a b c", []int{3, 0, 1, 2}, []bool{false, true, true, true}, nil, 1},
		{"first to last", "a b c d", "b c d a", []int{1, 2, 3, 0}, []bool{true, true, true, false}, nil, 1},
		{"reverse", "a b c d", "d c b a", []int{3, 2, 1, 0}, []bool{false, false, false, true}, nil, 3},
		{"replace all", "a b", "c d", []int{-1, -1}, []bool{false, false}, []int{0, 1}, 0},
		{"move, insert and delete", "a b c d e", "e x a c d", []int{4, -1, 0, 2, 3}, []bool{false, false, true, true, true}, []int{1}, 1},
	}
	for _, tt := range tests {
		p := planList(strings.Fields(tt.old), strings.Fields(tt.new))
		if !reflect.DeepEqual(p.from, tt.from) || !reflect.DeepEqual(p.stay, tt.stay) || !reflect.DeepEqual(p.removed, tt.removed) {
			t.Errorf("%s: planList(%q, %q) = from %v stay %v removed %v; want from %v stay %v removed %v",
				tt.name, tt.old, tt.new, p.from, p.stay, p.removed, tt.from, tt.stay, tt.removed)
		}
		if p.moves() != tt.moves {
			t.Errorf("%s: %d moves, want %d", tt.name, p.moves(), tt.moves)
		}
	}
}

// carryOut applies a plan to old the way listBinding.arrange applies it to
// the DOM, and returns the result and how many kept elements it moved.
func carryOut(old, new []string, p listPlan) ([]string, int) {
	seq := slices.Clone(old)
	for i := len(p.removed) - 1; i >= 0; i-- {
		seq = slices.Delete(seq, p.removed[i], p.removed[i]+1)
	}
	moved := 0
	for i := len(new) - 1; i >= 0; i-- {
		if p.stay[i] {
			continue
		}
		if j := slices.Index(seq, new[i]); j >= 0 {
			seq = slices.Delete(seq, j, j+1)
			moved++
		}
		at := len(seq)
		if i+1 < len(new) {
			at = slices.Index(seq, new[i+1])
		}
		seq = slices.Insert(seq, at, new[i])
	}
	return seq, moved
}

// quadraticLIS is the length of the longest strictly increasing
// subsequence of seq, computed the obvious O(n²) way.
func quadraticLIS(seq []int) int {
	best := 0
	length := make([]int, len(seq))
	for i := range seq {
		length[i] = 1
		for j := range i {
			if seq[j] < seq[i] && length[j]+1 > length[i] {
				length[i] = length[j] + 1
			}
		}
		best = max(best, length[i])
	}
	return best
}

func TestPlanListReachesTheNewOrderWithTheFewestMoves(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 500 {
		n := r.IntN(40)
		var old []string
		for i := range n {
			old = append(old, string(rune('A'+i%26))+strings.Repeat("'", i/26))
		}
		// Keep a random subset, shuffle it, and add some new elements.
		var new []string
		for _, k := range old {
			if r.IntN(4) != 0 {
				new = append(new, k)
			}
		}
		r.Shuffle(len(new), func(i, j int) { new[i], new[j] = new[j], new[i] })
		for i := range r.IntN(5) {
			at := r.IntN(len(new) + 1)
			new = slices.Insert(new, at, "new"+string(rune('0'+i)))
		}

		p := planList(old, new)
		got, moved := carryOut(old, new, p)
		if !slices.Equal(got, new) {
			t.Fatalf("round %d: carrying out the plan for %q → %q gives %q", round, old, new, got)
		}
		var oldIndex []int
		for _, j := range p.from {
			if j >= 0 {
				oldIndex = append(oldIndex, j)
			}
		}
		if want := len(oldIndex) - quadraticLIS(oldIndex); moved != want || p.moves() != want {
			t.Fatalf("round %d: %q → %q moves %d nodes (plan says %d), the fewest is %d", round, old, new, moved, p.moves(), want)
		}
	}
}

func TestLongestIncreasing(t *testing.T) {
	tests := []struct {
		seq  []int
		want []int
	}{
		{nil, []int{}},
		{[]int{5}, []int{0}},
		{[]int{0, 1, 2, 3}, []int{0, 1, 2, 3}},
		{[]int{3, 2, 1, 0}, []int{3}},
		{[]int{2, 0, 1, 3}, []int{1, 2, 3}},
		{[]int{0, 8, 4, 12, 2, 10, 6, 14, 1, 9}, []int{0, 4, 6, 9}},
	}
	for _, tt := range tests {
		got := longestIncreasing(tt.seq)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("longestIncreasing(%v) = %v, want %v", tt.seq, got, tt.want)
		}
	}
}
