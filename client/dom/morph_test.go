package dom

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// morphNode is a node of the fake tree the morph tests run on.
type morphNode struct {
	nodeType int
	tag      string
	attrs    []morphAttr
	data     string
	kids     []*morphNode
	parent   *morphNode
}

// el makes an element; attrs is "name=value name2=value2" (no spaces in
// values, "name=" for an empty one).
func mel(tag, attrs string, kids ...*morphNode) *morphNode {
	n := &morphNode{nodeType: elementNode, tag: tag}
	for _, f := range strings.Fields(attrs) {
		name, value, _ := strings.Cut(f, "=")
		n.attrs = append(n.attrs, morphAttr{name, value})
	}
	for _, k := range kids {
		k.parent = n
	}
	n.kids = kids
	return n
}

func mtext(data string) *morphNode    { return &morphNode{nodeType: textNode, data: data} }
func mcomment(data string) *morphNode { return &morphNode{nodeType: 8, data: data} }

// root wraps children in a parent, as the target or the fragment.
func mroot(kids ...*morphNode) *morphNode { return mel("#root", "", kids...) }

func (n *morphNode) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *morphNode) write(b *strings.Builder) {
	switch n.nodeType {
	case textNode:
		b.WriteString(n.data)
		return
	case 8:
		fmt.Fprintf(b, "<!--%s-->", n.data)
		return
	}
	b.WriteString("<" + n.tag)
	for _, a := range n.attrs {
		fmt.Fprintf(b, " %s=%q", a.name, a.value)
	}
	b.WriteString(">")
	for _, k := range n.kids {
		k.write(b)
	}
	b.WriteString("</" + n.tag + ">")
}

// fakeMorphDOM implements morphDOM on fakeNodes and counts what it is asked to
// do.
type fakeMorphDOM struct {
	removes, inserts, moves, attrSets, attrRemoves, textSets int
}

func (*fakeMorphDOM) children(n *morphNode) []*morphNode  { return slices.Clone(n.kids) }
func (*fakeMorphDOM) nodeType(n *morphNode) int           { return n.nodeType }
func (*fakeMorphDOM) tag(n *morphNode) string             { return n.tag }
func (*fakeMorphDOM) attributes(n *morphNode) []morphAttr { return slices.Clone(n.attrs) }
func (*fakeMorphDOM) text(n *morphNode) string            { return n.data }

func (d *fakeMorphDOM) remove(n *morphNode) {
	d.removes++
	detachMorphNode(n)
}

func detachMorphNode(n *morphNode) {
	if p := n.parent; p != nil {
		p.kids = slices.DeleteFunc(p.kids, func(k *morphNode) bool { return k == n })
		n.parent = nil
	}
}

func (d *fakeMorphDOM) place(parent, n, next *morphNode, hasNext, kept bool) {
	if kept {
		d.moves++
	} else {
		d.inserts++
	}
	detachMorphNode(n)
	at := len(parent.kids)
	if hasNext {
		at = slices.Index(parent.kids, next)
	}
	parent.kids = slices.Insert(parent.kids, at, n)
	n.parent = parent
}

func (d *fakeMorphDOM) setAttribute(el, from *morphNode, a morphAttr) {
	d.attrSets++
	if !slices.Contains(from.attrs, a) {
		panic(fmt.Sprintf("setAttribute %v, which the new element %v does not carry", a, from))
	}
	for i := range el.attrs {
		if el.attrs[i].name == a.name {
			el.attrs[i].value = a.value
			return
		}
	}
	el.attrs = append(el.attrs, a)
}

func (d *fakeMorphDOM) removeAttribute(el *morphNode, name string) {
	d.attrRemoves++
	el.attrs = slices.DeleteFunc(el.attrs, func(a morphAttr) bool { return a.name == name })
}

func (d *fakeMorphDOM) setText(n *morphNode, data string) {
	d.textSets++
	n.data = data
}

// paths maps every node below r to its path of child indices ("1/0").
func morphPaths(r *morphNode) map[*morphNode]string {
	m := map[*morphNode]string{}
	var walk func(n *morphNode, prefix string)
	walk = func(n *morphNode, prefix string) {
		for i, k := range n.kids {
			p := fmt.Sprint(prefix, i)
			m[k] = p
			walk(k, p+"/")
		}
	}
	walk(r, "")
	return m
}

// keptIdentities lists, in document order, "newPath=oldPath" for every node of
// the morphed tree that was in the old tree.
func keptIdentities(after *morphNode, before map[*morphNode]string) string {
	var kept []string
	var walk func(n *morphNode, prefix string)
	walk = func(n *morphNode, prefix string) {
		for i, k := range n.kids {
			p := fmt.Sprint(prefix, i)
			if old, ok := before[k]; ok {
				kept = append(kept, p+"="+old)
			}
			walk(k, p+"/")
		}
	}
	walk(after, "")
	return strings.Join(kept, " ")
}

func TestMorph(t *testing.T) {
	const svgA = "http://www.w3.org/2000/svg a"
	tests := []struct {
		name     string
		old, new *morphNode
		// kept is "newPath=oldPath" for each node that keeps its identity.
		kept string
		// counts are removes, inserts, moves, attribute sets, attribute
		// removals and text sets.
		counts [6]int
	}{
		{
			name:   "identical markup changes nothing",
			old:    mroot(mel("p", "class=a", mtext("hi")), mel("input", "id=q value=x")),
			new:    mroot(mel("p", "class=a", mtext("hi")), mel("input", "id=q value=x")),
			kept:   "0=0 0/0=0/0 1=1",
			counts: [6]int{0, 0, 0, 0, 0, 0},
		},
		{
			name:   "changed text updates the text node in place",
			old:    mroot(mel("p", "", mtext("3 unread"))),
			new:    mroot(mel("p", "", mtext("4 unread"))),
			kept:   "0=0 0/0=0/0",
			counts: [6]int{0, 0, 0, 0, 0, 1},
		},
		{
			name:   "attributes are set, changed and removed",
			old:    mroot(mel("div", "class=a title=t hidden=")),
			new:    mroot(mel("div", "class=b hidden= data-x=1")),
			kept:   "0=0",
			counts: [6]int{0, 0, 0, 2, 1, 0},
		},
		{
			name:   "a new element is inserted between kept ones",
			old:    mroot(mel("h1", ""), mel("p", "")),
			new:    mroot(mel("h1", ""), mel("div", ""), mel("p", "")),
			kept:   "0=0 2=1",
			counts: [6]int{0, 1, 0, 0, 0, 0},
		},
		{
			name:   "an unmatched old element is removed",
			old:    mroot(mel("h1", ""), mel("div", "class=error"), mel("p", "")),
			new:    mroot(mel("h1", ""), mel("p", "")),
			kept:   "0=0 1=2",
			counts: [6]int{1, 0, 0, 0, 0, 0},
		},
		{
			name:   "a keyed element is inserted between keyed ones",
			old:    mroot(mel("li", "id=a"), mel("li", "id=c")),
			new:    mroot(mel("li", "id=a"), mel("li", "id=b"), mel("li", "id=c")),
			kept:   "0=0 2=1",
			counts: [6]int{0, 1, 0, 0, 0, 0},
		},
		{
			name:   "the last keyed element moved first is the one move",
			old:    mroot(mel("li", "id=a"), mel("li", "id=b"), mel("li", "id=c"), mel("li", "id=d")),
			new:    mroot(mel("li", "id=d"), mel("li", "id=a"), mel("li", "id=b"), mel("li", "id=c")),
			kept:   "0=3 1=0 2=1 3=2",
			counts: [6]int{0, 0, 1, 0, 0, 0},
		},
		{
			name:   "a reversed keyed list keeps every element in two moves",
			old:    mroot(mel("li", "id=a"), mel("li", "id=b"), mel("li", "id=c")),
			new:    mroot(mel("li", "id=c"), mel("li", "id=b"), mel("li", "id=a")),
			kept:   "0=2 1=1 2=0",
			counts: [6]int{0, 0, 2, 0, 0, 0},
		},
		{
			name:   "s-key is an identity",
			old:    mroot(mel("li", "s-key=1", mtext("one")), mel("li", "s-key=2", mtext("two"))),
			new:    mroot(mel("li", "s-key=2", mtext("two")), mel("li", "s-key=1", mtext("one"))),
			kept:   "0=1 0/0=1/0 1=0 1/0=0/0",
			counts: [6]int{0, 0, 1, 0, 0, 0},
		},
		{
			name:   "data-key with a bare s-key, Silcrow.js's form, is an identity",
			old:    mroot(mel("li", "data-key=1 s-key", mtext("one")), mel("li", "data-key=2 s-key", mtext("two"))),
			new:    mroot(mel("li", "data-key=2 s-key", mtext("two")), mel("li", "data-key=1 s-key", mtext("one"))),
			kept:   "0=1 0/0=1/0 1=0 1/0=0/0",
			counts: [6]int{0, 0, 1, 0, 0, 0},
		},
		{
			name:   ":key is an identity",
			old:    mroot(mel("li", ":key=x"), mel("li", ":key=y")),
			new:    mroot(mel("li", ":key=y"), mel("li", ":key=x")),
			kept:   "0=1 1=0",
			counts: [6]int{0, 0, 1, 0, 0, 0},
		},
		{
			name:   "s-key wins over id, whose change is an attribute update",
			old:    mroot(mel("li", "s-key=1 id=x")),
			new:    mroot(mel("li", "s-key=1 id=y")),
			kept:   "0=0",
			counts: [6]int{0, 0, 0, 1, 0, 0},
		},
		{
			name:   "s-key and id of the same value are different identities",
			old:    mroot(mel("li", "s-key=a")),
			new:    mroot(mel("li", "id=a")),
			kept:   "",
			counts: [6]int{1, 1, 0, 0, 0, 0},
		},
		{
			name:   "the same id on another tag is another element",
			old:    mroot(mel("div", "id=a")),
			new:    mroot(mel("section", "id=a")),
			kept:   "",
			counts: [6]int{1, 1, 0, 0, 0, 0},
		},
		{
			name:   "a changed id is another element",
			old:    mroot(mel("div", "id=a", mtext("x"))),
			new:    mroot(mel("div", "id=b", mtext("x"))),
			kept:   "",
			counts: [6]int{1, 1, 0, 0, 0, 0},
		},
		{
			name:   "an element with an id does not match one without",
			old:    mroot(mel("div", "id=a"), mel("div", "")),
			new:    mroot(mel("div", ""), mel("div", "id=a")),
			kept:   "0=1 1=0",
			counts: [6]int{0, 0, 1, 0, 0, 0},
		},
		{
			name:   "repeated ids match in document order",
			old:    mroot(mel("p", "id=a", mtext("1")), mel("p", "id=a", mtext("2"))),
			new:    mroot(mel("p", "id=a", mtext("1")), mel("p", "id=a", mtext("2")), mel("p", "id=a", mtext("3"))),
			kept:   "0=0 0/0=0/0 1=1 1/0=1/0",
			counts: [6]int{0, 1, 0, 0, 0, 0},
		},
		{
			name:   "a text node and an element never match",
			old:    mroot(mtext("x")),
			new:    mroot(mel("span", "", mtext("x"))),
			kept:   "",
			counts: [6]int{1, 1, 0, 0, 0, 0},
		},
		{
			name:   "comments are removed",
			old:    mroot(mcomment("note"), mel("p", "")),
			new:    mroot(mel("p", "")),
			kept:   "0=1",
			counts: [6]int{1, 0, 0, 0, 0, 0},
		},
		{
			name:   "an SVG element does not match the HTML element of its name",
			old:    mroot(mel(svgA, "")),
			new:    mroot(mel("a", "")),
			kept:   "",
			counts: [6]int{1, 1, 0, 0, 0, 0},
		},
		{
			name: "an input deep in a re-rendered form keeps its identity",
			old: mroot(mel("div", "class=card",
				mel("form", "id=signup action=/a",
					mtext("\n"), mel("label", "for=email", mtext("Email")), mtext("\n"),
					mel("input", "id=email name=email value=old"), mtext("\n"),
					mel("button", "", mtext("Send"))))),
			new: mroot(mel("div", "class=card",
				mel("form", "id=signup action=/b",
					mtext("\n"), mel("label", "for=email", mtext("Email")), mtext("\n"),
					mel("p", "class=error", mtext("Taken")), mtext("\n"),
					mel("input", "id=email name=email value=new aria-invalid=true"), mtext("\n"),
					mel("button", "", mtext("Send"))))),
			kept:   "0=0 0/0=0/0 0/0/0=0/0/0 0/0/1=0/0/1 0/0/1/0=0/0/1/0 0/0/2=0/0/2 0/0/5=0/0/3 0/0/6=0/0/4 0/0/7=0/0/5 0/0/7/0=0/0/5/0",
			counts: [6]int{0, 2, 0, 3, 0, 0},
		},
		{
			name:   "keyed elements swap around a kept text node in two moves",
			old:    mroot(mel("li", "id=a"), mtext(" "), mel("li", "id=b"), mtext(" "), mel("li", "")),
			new:    mroot(mel("li", "id=b"), mtext(" "), mel("li", "id=a"), mtext(" "), mel("li", "")),
			kept:   "0=2 1=1 2=0 3=3 4=4",
			counts: [6]int{0, 0, 2, 0, 0, 0},
		},
		{
			name:   "template content is morphed as children",
			old:    mroot(mel("template", "id=row", mel("li", "class=a"))),
			new:    mroot(mel("template", "id=row", mel("li", "class=b"))),
			kept:   "0=0 0/0=0/0",
			counts: [6]int{0, 0, 0, 1, 0, 0},
		},
		{
			name:   "everything replaced",
			old:    mroot(mel("p", "", mtext("a")), mcomment("x")),
			new:    mroot(mel("ul", "", mel("li", "")), mel("ol", "")),
			kept:   "",
			counts: [6]int{2, 2, 0, 0, 0, 0},
		},
		{
			name:   "empty markup empties the target",
			old:    mroot(mel("p", ""), mtext("x")),
			new:    mroot(),
			kept:   "",
			counts: [6]int{2, 0, 0, 0, 0, 0},
		},
		{
			name:   "an empty target is filled",
			old:    mroot(),
			new:    mroot(mel("p", ""), mtext("x")),
			kept:   "",
			counts: [6]int{0, 2, 0, 0, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.new.String()
			before := morphPaths(tt.old)
			d := &fakeMorphDOM{}
			applyMorph(d, tt.old, planMorph(d, tt.old, tt.new))
			if got := tt.old.String(); got != want {
				t.Errorf("morphed tree\n got %s\nwant %s", got, want)
			}
			if got := keptIdentities(tt.old, before); got != tt.kept {
				t.Errorf("kept nodes (new=old paths)\n got %q\nwant %q", got, tt.kept)
			}
			got := [6]int{d.removes, d.inserts, d.moves, d.attrSets, d.attrRemoves, d.textSets}
			if got != tt.counts {
				t.Errorf("removes, inserts, moves, attribute sets, removals, text sets = %v, want %v", got, tt.counts)
			}
		})
	}
}

func TestMorphLargeListMatchesInOrder(t *testing.T) {
	// Past morphSubsequenceCells the matching is greedy: a first child
	// whose match lies far ahead must not cost the alike children it
	// would skip.
	var oldKids, newKids []*morphNode
	oldKids = append(oldKids, mel("h2", ""))
	newKids = append(newKids, mel("h3", ""))
	for i := range 400 {
		oldKids = append(oldKids, mel("p", "", mtext(fmt.Sprint(i))))
		newKids = append(newKids, mel("p", "", mtext(fmt.Sprint(i+1))))
	}
	oldKids = append(oldKids, mel("h3", ""))
	newKids = append(newKids, mel("h2", ""))
	old, new := mroot(oldKids...), mroot(newKids...)
	want := new.String()
	oldParagraphs := slices.Clone(old.kids[1:401])

	d := &fakeMorphDOM{}
	applyMorph(d, old, planMorph(d, old, new))
	if got := old.String(); got != want {
		t.Fatalf("morphed tree differs from the markup")
	}
	if !slices.Equal(old.kids[1:401], oldParagraphs) {
		t.Error("the 400 paragraphs were not all kept in order")
	}
	if d.textSets != 400 || d.moves+d.inserts > 2 {
		t.Errorf("text sets %d, moves %d, inserts %d; want 400 text sets and the two headings moved or inserted", d.textSets, d.moves, d.inserts)
	}
}

func TestMorphCommonSubsequence(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"a b c", "", 0},
		{"a b c", "a b c", 3},
		{"a b c", "x a b c x", 3},
		{"a b c b d a b", "b d c a b a", 4},
		{"p p div p", "div p p p", 3},
		{"t div t p t", "t p t", 3},
	}
	for _, tt := range tests {
		a, b := strings.Fields(tt.a), strings.Fields(tt.b)
		pairs := morphCommonSubsequence(a, b)
		if len(pairs) != tt.want {
			t.Errorf("morphCommonSubsequence(%q, %q) matched %d, want %d", tt.a, tt.b, len(pairs), tt.want)
		}
		for k, p := range pairs {
			if a[p[0]] != b[p[1]] || k > 0 && (p[0] <= pairs[k-1][0] || p[1] <= pairs[k-1][1]) {
				t.Errorf("morphCommonSubsequence(%q, %q) = %v: not an increasing match of equal entries", tt.a, tt.b, pairs)
				break
			}
		}
	}
}

func TestMorphAttributeChanges(t *testing.T) {
	old := []morphAttr{{"id", "a"}, {"class", "x"}, {"value", "old"}, {"disabled", ""}}
	new := []morphAttr{{"class", "x"}, {"id", "a"}, {"value", "new"}, {"data-n", "1"}}
	want := []morphAttrChange{
		{morphAttr: morphAttr{"value", "new"}},
		{morphAttr: morphAttr{"data-n", "1"}},
		{morphAttr: morphAttr{name: "disabled"}, remove: true},
	}
	if got := morphAttributeChanges(old, new); !reflect.DeepEqual(got, want) {
		t.Errorf("morphAttributeChanges = %v, want %v", got, want)
	}
}
