package e2e

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// listPage is a keyed list of items with three local bindings each, and a
// second template that keys of the form "note#…" choose by their prefix.
const listPage = `<div id="root" s-live="/ws/{{id}}">
<ul id="list" s-list="items"><template><li><span s-bind=".title"></span><em s-bind=".n"></em><i s-bind=".key:data-k"></i></li></template></ul>
<template id="note"><li class="note"><span s-bind=".title"></span><em s-bind=".n"></em><i s-bind=".key:data-k"></i></li></template>
</div>`

// listTools are the page's helpers for the list tests: a count of
// silcrow:patched events, the list as shown, the identity of its item
// nodes across a patch, and a MutationObserver on the list.
const listTools = `<script>
window.__patched = 0;
document.addEventListener("silcrow:patched", () => { window.__patched++; });
window.__items = () => [...document.getElementById("list").children].filter((el) => el.hasAttribute("s-key"));
window.__shown = () => __items().map((el) => el.dataset.key + "=" + el.querySelector("span").textContent +
  (el.classList.contains("note") ? " (note)" : ""));
window.__remember = () => { window.__nodes = new Map(__items().map((el) => [el.dataset.key, el])); };
// __identity compares the remembered nodes with the list now: kept counts
// the keys still shown by the very same node, replaced lists the keys now
// shown by another node, lingering the removed keys whose node is still in
// the document.
window.__identity = () => {
  const now = new Map(__items().map((el) => [el.dataset.key, el]));
  const out = {kept: 0, replaced: [], lingering: []};
  for (const [key, el] of __nodes) {
    if (!now.has(key)) { if (el.isConnected) out.lingering.push(key); }
    else if (now.get(key) === el) out.kept++;
    else out.replaced.push(key);
  }
  return out;
};
// The observer's callback keeps the records it is handed: once the patch's
// task has ended, they are no longer pending for takeRecords.
window.__records = [];
window.__observe = () => {
  window.__mo = new MutationObserver((records) => { __records.push(...records); });
  __mo.observe(document.getElementById("list"), {childList: true, subtree: true, characterData: true, attributes: true});
};
// __seen sorts what the observer recorded since the last call: a record
// below an item is a bound text written (textContent replaces the text
// node), a node both removed from and added to the list moved.
window.__seen = () => {
  const list = document.getElementById("list");
  const m = {texts: 0, moved: 0, added: 0, removed: 0, attributes: 0};
  const added = new Set(), removed = new Set();
  const records = __records.concat(__mo.takeRecords());
  __records = [];
  for (const r of records) {
    if (r.type === "attributes") m.attributes++;
    else if (r.type === "characterData" || r.target !== list) m.texts++;
    else { r.addedNodes.forEach((n) => added.add(n)); r.removedNodes.forEach((n) => removed.add(n)); }
  }
  for (const n of added) if (removed.has(n)) m.moved++;
  m.added = added.size - m.moved;
  m.removed = removed.size - m.moved;
  return m;
};
</script>
`

// listItem is one item of the list's data.
type listItem struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	N     int    `json:"n"`
}

// listMutations is what __seen returns.
type listMutations struct {
	Texts      int `json:"texts"`
	Moved      int `json:"moved"`
	Added      int `json:"added"`
	Removed    int `json:"removed"`
	Attributes int `json:"attributes"`
}

// listIdentity is what __identity returns.
type listIdentity struct {
	Kept      int      `json:"kept"`
	Replaced  []string `json:"replaced"`
	Lingering []string `json:"lingering"`
}

// numberedItems returns n items with keys and titles made from 0…n-1.
func numberedItems(n int) []listItem {
	items := make([]listItem, n)
	for i := range items {
		items[i] = listItem{Key: fmt.Sprint("k", i), Title: fmt.Sprint("title ", i), N: i}
	}
	return items
}

// shownAs is what __shown returns for items.
func shownAs(items []listItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Key + "=" + it.Title
		if strings.HasPrefix(it.Key, "note#") {
			out[i] += " (note)"
		}
	}
	return out
}

// listSession sends list patches over one connection and checks what each
// does to the page.
type listSession struct {
	tb      *tab
	c       *streamConn
	shown   []listItem
	patches int
}

// patch sends items as the list's new data, waits until the page has
// applied it, and checks that the list shows items in order, that every
// item kept from the last patch is still the same node and that the nodes
// of removed items have left the document. It returns the mutations the
// patch made.
func (s *listSession) patch(t *testing.T, items []listItem) listMutations {
	t.Helper()
	tb := s.tb.with(t)
	tb.exec(`__remember(); __seen()`)
	s.c.send(t, wire.Patch(map[string]any{"items": items}, "#root"))
	s.patches++
	tb.waitFor("the list patch to be applied", fmt.Sprintf("__patched === %d", s.patches))

	got := eval[[]string](tb, `__shown()`)
	if want := shownAs(items); !slices.Equal(got, want) {
		t.Fatalf("the list shows %d items, want %d; first difference: %s", len(got), len(want), firstDifference(got, want))
	}
	id := eval[listIdentity](tb, `__identity()`)
	if want := keptCount(s.shown, items); id.Kept != want || len(id.Replaced) > 0 || len(id.Lingering) > 0 {
		t.Errorf("%d kept items are the same nodes, want %d; kept keys shown by new nodes: %q; removed items still in the document: %q",
			id.Kept, want, id.Replaced, id.Lingering)
	}
	s.shown = items
	return eval[listMutations](tb, `__seen()`)
}

// keptCount is how many keys of old are in new too.
func keptCount(old, new []listItem) int {
	keys := map[string]bool{}
	for _, it := range old {
		keys[it.Key] = true
	}
	n := 0
	for _, it := range new {
		if keys[it.Key] {
			n++
		}
	}
	return n
}

// fewestMoves is the fewest node moves that turn the kept items of old
// into their order in new: their number less the length of a longest
// increasing subsequence of their old positions, taken in new order.
func fewestMoves(old, new []listItem) int {
	pos := map[string]int{}
	for i, it := range old {
		pos[it.Key] = i
	}
	var tails []int // tails[k] is the smallest end of an increasing run of length k+1
	kept := 0
	for _, it := range new {
		p, ok := pos[it.Key]
		if !ok {
			continue
		}
		kept++
		k, _ := slices.BinarySearch(tails, p)
		if k == len(tails) {
			tails = append(tails, p)
		} else {
			tails[k] = p
		}
	}
	return kept - len(tails)
}

// firstDifference describes the first index where got and want differ.
func firstDifference(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("item %d is %q, want %q", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(got), len(want))
}

// A 1,000-item keyed list sent in patch events is reconciled in the
// browser: the DOM follows every reorder, insertion and deletion, kept
// items keep their nodes, and a patch writes only the texts that changed
// and moves only the items that are out of order.
func TestListOverTheWire(t *testing.T) {
	ts := newTestServer(t)
	tb, c, _ := openLive(t, ts, listTools, listPage)
	s := &listSession{tb: tb, c: c}

	tb.exec(`__observe()`)
	if m := s.patch(t, numberedItems(1000)); m.Added != 1000 || m.Removed != 0 || m.Moved != 0 {
		t.Fatalf("the first patch: mutations %+v; want 1,000 items added", m)
	}

	t.Run("100 texts changed and 5 items moved", func(t *testing.T) {
		next := slices.Clone(s.shown)
		for i := 0; i < len(next); i += 10 {
			next[i].Title += " (edited)"
		}
		for _, from := range []int{3, 207, 401, 655, 899} {
			it := next[from]
			next = slices.Delete(next, from, from+1)
			next = slices.Insert(next, (from+500)%len(next), it)
		}
		m := s.patch(t, next)
		t.Logf("100 changed titles and 5 moved items: %+v", m)
		// Silcrow.js writes all 3,000 bound texts and shifts every item
		// between a moved one's old and new place.
		if m.Texts < 100 || m.Texts > 110 || m.Moved < 5 || m.Moved > 10 || m.Added != 0 || m.Removed != 0 || m.Attributes != 0 {
			t.Errorf("mutations %+v; want about 100 text writes and 5 moves (texts 100…110, moved 5…10), nothing added, removed or set", m)
		}
	})

	t.Run("shuffle", func(t *testing.T) {
		next := slices.Clone(s.shown)
		r := rand.New(rand.NewPCG(3, 7))
		r.Shuffle(len(next), func(i, j int) { next[i], next[j] = next[j], next[i] })
		fewest := fewestMoves(s.shown, next)
		m := s.patch(t, next)
		t.Logf("shuffle: %+v, fewest moves possible %d", m, fewest)
		if m != (listMutations{Moved: fewest}) {
			t.Errorf("mutations %+v; want %d moves and nothing else", m, fewest)
		}
	})

	t.Run("insert and delete", func(t *testing.T) {
		var next []listItem
		for i, it := range s.shown {
			if i%20 == 7 {
				continue // 50 items deleted
			}
			next = append(next, it)
			if i%20 == 13 { // 50 items inserted, every fifth from the note template
				key := fmt.Sprint("new", i)
				if i%100 == 13 {
					key = fmt.Sprint("note#", i)
				}
				next = append(next, listItem{Key: key, Title: "inserted " + key, N: -i})
			}
		}
		m := s.patch(t, next)
		t.Logf("50 inserted, 50 deleted: %+v", m)
		if m.Added != 50 || m.Removed != 50 || m.Moved != 0 {
			t.Errorf("mutations %+v; want 50 nodes added, 50 removed, none moved", m)
		}
	})

	t.Run("reverse, half of it", func(t *testing.T) {
		next := slices.Clone(s.shown[:500])
		slices.Reverse(next)
		want := listMutations{Moved: fewestMoves(s.shown, next), Removed: len(s.shown) - 500}
		m := s.patch(t, next)
		t.Logf("first half reversed, second half dropped: %+v", m)
		if m != want {
			t.Errorf("mutations %+v; want %+v", m, want)
		}
	})
}
