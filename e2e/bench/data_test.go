package bench

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/silcrow/silcrow/wire"
)

// The sizes of the scenarios.
const (
	scalarEvents   = 5000 // S2
	listItems      = 1000 // S3
	listPatches    = 300  // S3
	listChanged    = 100  // S3: items whose three texts change per patch, 10% of the texts
	listMoves      = 5    // S3: items moved per patch
	swapEvents     = 2000 // S4
	swapMarkupSize = 200  // S4: bytes of markup per event, about
	echoRounds     = 1000 // S5
	cleanupSockets = 200  // S7
)

// scalarPatch is the i-th S2 patch: one value for each of the five
// bindings of the page (text, nested path, input value, disabled property,
// data-state attribute), all different from the previous patch's.
func scalarPatch(i int) wire.Event {
	return wire.Patch(map[string]any{
		"count": i,
		"user":  map[string]any{"name": "user " + strconv.Itoa(i)},
		"draft": "draft " + strconv.Itoa(i),
		"busy":  i%2 == 0,
		"state": "s" + strconv.Itoa(i%7),
	}, "#s2")
}

// scalarShown is what the page of S2 shows after patch i.
type scalarShown struct {
	Count string `json:"count"`
	Name  string `json:"name"`
	Draft string `json:"draft"`
	Busy  bool   `json:"busy"`
	State string `json:"state"`
}

func scalarExpected(i int) scalarShown {
	return scalarShown{
		Count: strconv.Itoa(i),
		Name:  "user " + strconv.Itoa(i),
		Draft: "draft " + strconv.Itoa(i),
		Busy:  i%2 == 0,
		State: "s" + strconv.Itoa(i%7),
	}
}

// listItem is one item of the S3 list; the template binds .title, .count
// and .owner.name.
type listItem struct {
	Key   string    `json:"key"`
	Title string    `json:"title"`
	Count int       `json:"count"`
	Owner listOwner `json:"owner"`
}

type listOwner struct {
	Name string `json:"name"`
}

// row is the item as scenarios.js reads it back from the page: the key,
// then the three bound texts in document order.
func (it listItem) row() []string {
	return []string{it.Key, it.Title, strconv.Itoa(it.Count), it.Owner.Name}
}

// listScript is S3's traffic: the initial list (seq 0) and the patches
// (seq 1…patches), each changing the three texts of changed items and
// moving moves items, and the rows the page shows after the last one. A
// fixed seed makes every run, and both clients, get the same traffic.
func listScript(items, patches, changed, moves int) (events []wire.Event, final [][]string) {
	r := rand.New(rand.NewPCG(4, 2024))
	list := make([]listItem, items)
	for i := range list {
		list[i] = listItem{
			Key:   "k" + strconv.Itoa(i),
			Title: "item " + strconv.Itoa(i),
			Count: i,
			Owner: listOwner{Name: "owner " + strconv.Itoa(i%50)},
		}
	}
	emit := func(seq int) {
		events = append(events, wire.Patch(map[string]any{"seq": seq, "items": list}, "#s3"))
	}
	emit(0)
	for p := 1; p <= patches; p++ {
		list = append([]listItem(nil), list...)
		for _, i := range r.Perm(items)[:changed] {
			it := &list[i]
			it.Title = fmt.Sprintf("item %s v%d", it.Key[1:], p)
			it.Count++
			it.Owner.Name = fmt.Sprintf("owner %d.%d", i%50, p)
		}
		for range moves {
			from := r.IntN(items)
			to := from
			for to == from {
				to = r.IntN(items)
			}
			it := list[from]
			list = append(list[:from], list[from+1:]...)
			list = append(list[:to], append([]listItem{it}, list[to:]...)...)
		}
		emit(p)
	}
	for _, it := range list {
		final = append(final, it.row())
	}
	return events, final
}

// swapHTML is the i-th S4 event: an article of about swapMarkupSize bytes
// appended to #feed, with a link the sanitizer checks.
func swapHTML(i int) wire.Event {
	head := fmt.Sprintf(`<article class="msg" id="m%d"><h4>user %d</h4><p>`, i, i%97)
	tail := fmt.Sprintf(`</p><a href="/u/%d">profile</a></article>`, i%97)
	const words = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation."
	pad := max(swapMarkupSize-len(head)-len(tail), 0)
	return wire.HTML(head+strings.Repeat(words, 2)[:pad]+tail, "#feed").WithSwap(wire.Append)
}

// echoPatch answers S5's n-th send.
func echoPatch(n int) wire.Event {
	return wire.Patch(map[string]int{"echo": n}, "#s5")
}
