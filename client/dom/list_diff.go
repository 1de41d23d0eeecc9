package dom

import (
	"errors"
	"strconv"

	"github.com/silcrow/silcrow/wire/frame"
)

// listKeys returns the key of every item of an s-list array, as text, or
// an error saying why the array is rejected whole: an item that is not an
// object, an item without a key (or a null one), a key that is an object
// or an array, or two items with the same key. Keys compare as the text
// JavaScript's String makes of them, so 1 and "1" are the same key: the
// s-key attribute that remembers a key can only hold text.
//
// known, when not nil, returns the mark of the list item a key already
// names, nil for a new key; such keys are checked for repeats by their
// marks, stamped with gen, a number no earlier call used, instead of by a
// table, so that a patch of a long list makes no table of its keys.
func listKeys(items []any, known func(key string) *keyMark, gen uint32) ([]string, error) {
	keys := make([]string, len(items))
	var seen map[string]int
	for i, item := range items {
		obj, ok := item.(*frame.Object)
		if !ok {
			return nil, errors.New("item " + strconv.Itoa(i) + " is not an object")
		}
		key, _ := obj.Get("key")
		switch k := key.(type) {
		case string, float64, bool:
			keys[i] = Text(k)
		case nil:
			return nil, errors.New("item " + strconv.Itoa(i) + " has no key")
		default:
			return nil, errors.New("item " + strconv.Itoa(i) + " has a key that is not a string or a number")
		}
		var mark *keyMark
		if known != nil {
			mark = known(keys[i])
		}
		j, dup := -1, false
		if mark != nil {
			if dup = mark.gen == gen; dup {
				j = mark.at
			} else {
				mark.gen, mark.at = gen, i
			}
		} else {
			if seen == nil {
				seen = make(map[string]int)
			}
			if j, dup = seen[keys[i]]; !dup {
				seen[keys[i]] = i
			}
		}
		if dup {
			return nil, errors.New("items " + strconv.Itoa(j) + " and " + strconv.Itoa(i) + " have the same key " + frame.Quote(keys[i]) + " (keys compare as text)")
		}
	}
	return keys, nil
}

// keyMark is where listKeys notes that a key was seen in the array it
// checks: the call's gen and the item's index.
type keyMark struct {
	gen uint32
	at  int
}

// listPlan is how to turn a list's old sequence of nodes into a new one
// with the fewest DOM operations.
type listPlan struct {
	// from[i] is the index in the old sequence of the new sequence's
	// element i, or -1 when it is not in the old one and must be created.
	from []int
	// stay[i] says the new sequence's element i is already in place:
	// it is in the old sequence and part of the longest run of old
	// elements whose relative order the new sequence keeps. Every other
	// element is inserted (created or moved) just before its successor
	// in the new sequence, or at the list's end for the last one.
	stay []bool
	// removed are the indexes in the old sequence of the elements
	// missing from the new one, ascending.
	removed []int
}

// planFrom plans how a sequence of distinct elements, old, of length n,
// becomes another, new: from[i] is the index in old of new's element i,
// or -1 for one old does not hold, and the plan keeps from. It says which
// of new's elements are created, which old ones are removed, and which
// kept ones move.
//
// The kept elements, taken in their new order, carry their old indexes;
// the longest strictly increasing subsequence of those indexes is the
// largest set of kept nodes that are already in the right relative order,
// so they stay and only the others move. No plan can do with fewer moves:
// a node that is never moved keeps its relative order with every other
// such node, so the unmoved nodes always form an increasing subsequence.
//
// Complexity: O(n + m) to walk the sequences and O(k log k) for the
// subsequence, where m is new's length and k the number of kept
// elements; O(n log n) overall, and O(n) when nothing moved, which is the
// common case of a list whose items only change their content.
func planFrom(n int, from []int) listPlan {
	p := listPlan{from: from, stay: make([]bool, len(from))}
	kept := make([]bool, n)
	keptAt, oldIndex := make([]int, 0, len(from)), make([]int, 0, len(from))
	for i, j := range from {
		if j < 0 {
			continue
		}
		kept[j] = true
		keptAt = append(keptAt, i)
		oldIndex = append(oldIndex, j)
	}
	for _, s := range longestIncreasing(oldIndex) {
		p.stay[keptAt[s]] = true
	}
	for j, k := range kept {
		if !k {
			p.removed = append(p.removed, j)
		}
	}
	return p
}

// longestIncreasing returns the positions in seq of one of its longest
// strictly increasing subsequences, ascending. It is patience sorting:
// tails[l] is the position of the smallest value that ends an increasing
// subsequence of length l+1 seen so far, found by binary search, and
// prev links each position to its predecessor in the subsequence ending
// there, so the answer is read back from the last tail.
func longestIncreasing(seq []int) []int {
	tails := make([]int, 0, len(seq))
	prev := make([]int, len(seq))
	for i, v := range seq {
		l := len(tails)
		// An already sorted run, the common case, extends the longest
		// subsequence without a search.
		if l > 0 && seq[tails[l-1]] >= v {
			lo, hi := 0, l-1
			for lo < hi {
				mid := int(uint(lo+hi) >> 1)
				if seq[tails[mid]] < v {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			l = lo
		}
		prev[i] = -1
		if l > 0 {
			prev[i] = tails[l-1]
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	out := make([]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	for k, i := len(out)-1, tails[len(tails)-1]; k >= 0; k-- {
		out[k] = i
		i = prev[i]
	}
	return out
}
