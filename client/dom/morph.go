package dom

// Morphing (the morph swap mode) turns the children of a live element into
// those of freshly sanitized markup while keeping the live nodes that
// still fit, so that what the user is doing survives a server re-render:
// a focused input keeps focus, caret and typed text, a scrolled box keeps
// its scroll position, a playing video keeps playing.
//
// The rules, applied to each pair of parents from the target down:
//
//   - An old and a new child match when they are both text nodes, or
//     elements with the same tag (namespace and local name) and the same
//     identity. An element's identity is its list key (ItemKey), else its
//     :key attribute, else its id; an element with none has no identity
//     and matches only another element without one. Identities are
//     looked up among siblings only: an element moved to another parent
//     is a new element there.
//   - Elements with an identity are matched by it, in any order; repeats
//     of an identity match in document order. The other nodes are matched
//     in order, as many as possible (a longest common subsequence after
//     the common prefix and suffix are set aside; beyond
//     morphSubsequenceCells, the first fitting old node shortly after the
//     last match). Other node types, comments among them, never match.
//   - A matched element keeps its identity: attributes the new element
//     does not have are removed, the others are set to the new values
//     when they differ, and its children are morphed the same way (a
//     template's content counts as its children). A matched text node
//     takes the new text when it differs.
//   - Old children left unmatched are removed; new ones are inserted
//     where they belong. Matched nodes move only when out of order, and
//     the fewest of them do: those outside a longest increasing run of
//     old positions.
//
// Only attributes are written, never an input's value, checked or
// selection properties: the browser keeps the live value of a control the
// user has edited (its dirty flag) whatever its value attribute says. The
// browser layer also keeps the live value and selection of the focused
// control, edited or not, and gives focus back if a move took it (see
// morph_js.go). The target element itself is left as it is.

// morphAttr is one attribute of an element, by qualified name.
type morphAttr struct{ name, value string }

// morphTree is what the morph plan reads of the old and the new nodes:
// morph_js.go implements it on the DOM, the tests on a fake.
type morphTree[N any] interface {
	// children returns n's child nodes in order, those of its content
	// for a template.
	children(n N) []N
	// nodeType returns n's Node.nodeType.
	nodeType(n N) int
	// tag returns an element's local name, preceded by its namespace URI
	// and a space unless that is HTML's, so that an HTML and an SVG
	// element of the same name differ.
	tag(el N) string
	// attributes returns an element's attributes in order.
	attributes(el N) []morphAttr
	// text returns a text node's data.
	text(n N) string
}

// morphDOM is a morphTree that can also be changed, which is all
// applyMorph needs.
type morphDOM[N any] interface {
	morphTree[N]
	// remove takes n out of its parent.
	remove(n N)
	// place inserts n into parent's children before next, or last when
	// hasNext is false. kept says that n is a node of the live tree being
	// moved, which the browser can do without losing its state.
	place(parent, n, next N, hasNext, kept bool)
	// setAttribute gives el the attribute a, which the new element from
	// carries.
	setAttribute(el, from N, a morphAttr)
	// removeAttribute removes el's attribute with this qualified name.
	removeAttribute(el N, name string)
	// setText sets a text node's data.
	setText(n N, data string)
}

// morphPlan says how the children of an old parent become those of a new
// one.
type morphPlan[N any] struct {
	// remove are the old children that go.
	remove []N
	// steps are the children the parent ends with, in order.
	steps []morphStep[N]
}

// morphStep is one child of a parent after the morph.
type morphStep[N any] struct {
	// node is the old node kept, or the new node inserted.
	node N
	// kept says node is an old node, matched with from.
	kept bool
	from N
	// place says node must be put before the step after it: a new node,
	// or a kept one out of order.
	place bool
	// attrs are the attribute changes of a kept element.
	attrs []morphAttrChange
	// text is the new data of a kept text node, when it changes.
	text    string
	setText bool
	// children is the plan of a kept element's children.
	children *morphPlan[N]
}

// morphAttrChange sets or removes one attribute.
type morphAttrChange struct {
	morphAttr
	remove bool
}

// planMorph plans turning oldParent's children into newParent's.
func planMorph[N any](t morphTree[N], oldParent, newParent N) *morphPlan[N] {
	olds, news := t.children(oldParent), t.children(newParent)
	match := morphMatch(t, olds, news)

	p := &morphPlan[N]{}
	matched := make([]bool, len(olds))
	var keptOrder []int
	for _, i := range match {
		if i >= 0 {
			matched[i] = true
			keptOrder = append(keptOrder, i)
		}
	}
	for i, o := range olds {
		if !matched[i] {
			p.remove = append(p.remove, o)
		}
	}
	// The kept children in a longest increasing run of old positions stay
	// where they are; the others move around them.
	stays := make([]bool, len(olds))
	for _, pos := range longestIncreasing(keptOrder) {
		stays[keptOrder[pos]] = true
	}
	for j, n := range news {
		i := match[j]
		if i < 0 {
			p.steps = append(p.steps, morphStep[N]{node: n, place: true})
			continue
		}
		s := morphStep[N]{node: olds[i], kept: true, from: n, place: !stays[i]}
		switch t.nodeType(n) {
		case elementNode:
			s.attrs = morphAttributeChanges(t.attributes(olds[i]), t.attributes(n))
			s.children = planMorph(t, olds[i], n)
		case textNode:
			if data := t.text(n); data != t.text(olds[i]) {
				s.text, s.setText = data, true
			}
		}
		p.steps = append(p.steps, s)
	}
	return p
}

// applyMorph carries out plan on parent, the old parent it was made for.
// It removes first, then places from the last child back, so that each
// node placed goes before a node already where it belongs.
func applyMorph[N any](d morphDOM[N], parent N, plan *morphPlan[N]) {
	for _, n := range plan.remove {
		d.remove(n)
	}
	var next N
	hasNext := false
	for i := len(plan.steps) - 1; i >= 0; i-- {
		s := &plan.steps[i]
		if s.kept {
			for _, a := range s.attrs {
				if a.remove {
					d.removeAttribute(s.node, a.name)
				} else {
					d.setAttribute(s.node, s.from, a.morphAttr)
				}
			}
			if s.setText {
				d.setText(s.node, s.text)
			}
			if s.children != nil {
				applyMorph(d, s.node, s.children)
			}
		}
		if s.place {
			d.place(parent, s.node, next, hasNext, s.kept)
		}
		next, hasNext = s.node, true
	}
}

// morphMatch returns, for each new child, the index of the old child
// it keeps, or -1 when it is inserted.
func morphMatch[N any](t morphTree[N], olds, news []N) []int {
	match := make([]int, len(news))
	for j := range match {
		match[j] = -1
	}
	oldKinds, newKinds := make([]string, len(olds)), make([]string, len(news))
	byIdentity := map[string][]int{}
	var oldFree, newFree []int
	for i, o := range olds {
		kind, identity := morphKind(t, o)
		oldKinds[i] = kind
		switch {
		case identity != "":
			byIdentity[identity] = append(byIdentity[identity], i)
		case kind != "":
			oldFree = append(oldFree, i)
		}
	}
	for j, n := range news {
		kind, identity := morphKind(t, n)
		newKinds[j] = kind
		if identity == "" {
			newFree = append(newFree, j)
			continue
		}
		if q := byIdentity[identity]; len(q) > 0 {
			match[j], byIdentity[identity] = q[0], q[1:]
		}
	}
	oldFreeKinds := make([]string, len(oldFree))
	for a, i := range oldFree {
		oldFreeKinds[a] = oldKinds[i]
	}
	newFreeKinds := make([]string, len(newFree))
	for b, j := range newFree {
		newFreeKinds[b] = newKinds[j]
	}
	for _, pair := range morphCommonSubsequence(oldFreeKinds, newFreeKinds) {
		match[newFree[pair[1]]] = oldFree[pair[0]]
	}
	return match
}

// morphKind returns what a node must share with another to match it: its
// kind ("#text" for text, the tag for an element, "" for a node that
// never matches) and, for an element with one, its identity.
func morphKind[N any](t morphTree[N], n N) (kind, identity string) {
	switch t.nodeType(n) {
	case textNode:
		return "#text", ""
	case elementNode:
	default:
		return "", ""
	}
	kind = t.tag(n)
	var key, dataKey, colonKey, id string
	hasKey := false
	for _, a := range t.attributes(n) {
		switch a.name {
		case "s-key":
			key, hasKey = a.value, true
		case "data-key":
			dataKey = a.value
		case ":key":
			colonKey = a.value
		case "id":
			id = a.value
		}
	}
	if hasKey {
		key = ItemKey(key, dataKey, dataKey != "")
	}
	// The kind of identity is part of it, so that s-key="a" and id="a"
	// name different elements; the tag is too, so a match keeps its tag.
	switch {
	case key != "":
		identity = "s-key\x00" + key
	case colonKey != "":
		identity = ":key\x00" + colonKey
	case id != "":
		identity = "id\x00" + id
	default:
		return kind, ""
	}
	return kind, kind + "\x00" + identity
}

// morphAttributeChanges lists what turns the attributes old into new: new
// values first, in new's order, then removals. Elements have few
// attributes, so plain scans do.
func morphAttributeChanges(old, new []morphAttr) []morphAttrChange {
	var changes []morphAttrChange
	for _, a := range new {
		if i := morphAttrIndex(old, a.name); i < 0 || old[i].value != a.value {
			changes = append(changes, morphAttrChange{morphAttr: a})
		}
	}
	for _, a := range old {
		if morphAttrIndex(new, a.name) < 0 {
			changes = append(changes, morphAttrChange{morphAttr: morphAttr{name: a.name}, remove: true})
		}
	}
	return changes
}

// morphAttrIndex returns the index of the attribute named name in attrs,
// or -1.
func morphAttrIndex(attrs []morphAttr, name string) int {
	for i, a := range attrs {
		if a.name == name {
			return i
		}
	}
	return -1
}

// morphSubsequenceCells bounds the table of the exact common subsequence
// (its rows times its columns), about 256 × 256 children; past it the
// matching is greedy, which is linear and exact for the usual case of a
// list of alike children.
const morphSubsequenceCells = 1 << 16

// morphCommonSubsequence matches equal entries of a and b in order, as
// many as it can, and returns the matched index pairs in increasing
// order. The common prefix and suffix match first; the rest is matched
// exactly when small enough, greedily otherwise.
func morphCommonSubsequence(a, b []string) [][2]int {
	var pairs [][2]int
	lo := 0
	for lo < len(a) && lo < len(b) && a[lo] == b[lo] {
		pairs = append(pairs, [2]int{lo, lo})
		lo++
	}
	hiA, hiB := len(a), len(b)
	for hiA > lo && hiB > lo && a[hiA-1] == b[hiB-1] {
		hiA--
		hiB--
	}
	midA, midB := a[lo:hiA], b[lo:hiB]
	var mid [][2]int
	if len(midA)*len(midB) <= morphSubsequenceCells {
		mid = morphExactSubsequence(midA, midB)
	} else {
		mid = morphGreedySubsequence(midA, midB)
	}
	for _, p := range mid {
		pairs = append(pairs, [2]int{lo + p[0], lo + p[1]})
	}
	for k := 0; hiA+k < len(a); k++ {
		pairs = append(pairs, [2]int{hiA + k, hiB + k})
	}
	return pairs
}

// morphExactSubsequence is the exact dynamic programme: cell (i, j)
// holds the length of the longest common subsequence of a[i:] and b[j:].
func morphExactSubsequence(a, b []string) [][2]int {
	width := len(b) + 1
	length := make([]int32, (len(a)+1)*width)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				length[i*width+j] = length[(i+1)*width+j+1] + 1
			} else {
				length[i*width+j] = max(length[(i+1)*width+j], length[i*width+j+1])
			}
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			pairs = append(pairs, [2]int{i, j})
			i++
			j++
		case length[(i+1)*width+j] >= length[i*width+j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}

// morphLookahead is how far past the previous match morphGreedySubsequence
// looks for an equal entry. Unbounded, one early entry could match far
// ahead and leave every entry it skipped unmatched.
const morphLookahead = 32

// morphGreedySubsequence matches each entry of b with the first equal
// entry of a after the previous match, when it is less than
// morphLookahead entries on, in time linear in the input.
func morphGreedySubsequence(a, b []string) [][2]int {
	var pairs [][2]int
	next := 0
	for j, s := range b {
		for i := next; i < len(a) && i < next+morphLookahead; i++ {
			if a[i] == s {
				pairs = append(pairs, [2]int{i, j})
				next = i + 1
				break
			}
		}
	}
	return pairs
}
