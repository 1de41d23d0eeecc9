package dom

import "github.com/silcrow/silcrow/client/internal/bridge"

// describedNode is one node of a parsed fragment as the browser describes
// it (bridge.ReadDescribe): everything the sanitizer's rules judge.
type describedNode struct {
	h        bridge.Handle
	nodeType int
	depth    int
	// For an element:
	tag   string
	html  bool
	attrs []describedAttr
}

// describedAttr is one attribute of a describedNode.
type describedAttr struct {
	name, namespace, value string
	// namesDocumentProperty says the value of this id or name is a
	// built-in property of documents.
	namesDocumentProperty bool
}

// decodeDescription reads a bridge.ReadDescribe result.
func decodeDescription(d *bridge.Decoder) []describedNode {
	nodes := make([]describedNode, 0, min(int(d.U32()), len(d.B)))
	for n := cap(nodes); n > 0 && d.Err == nil; n-- {
		dn := describedNode{h: d.Handle(), nodeType: int(d.Byte()), depth: int(d.U32())}
		if dn.nodeType == elementNode {
			dn.tag = d.Str()
			dn.html = d.Byte() == 1
			dn.attrs = make([]describedAttr, min(int(d.U32()), len(d.B)))
			for i := range dn.attrs {
				a := &dn.attrs[i]
				a.name = d.Str()
				a.namespace, _ = d.OptStr()
				a.value = d.Str()
				a.namesDocumentProperty = d.Byte() == 1
			}
		}
		nodes = append(nodes, dn)
	}
	return nodes
}

// planSanitize writes the commands that apply the sanitizer's rules
// (sanitize.go) to a described fragment: a node that may not stay is
// removed with its subtree, whose nodes are then not looked at; an
// attribute that may not stay is removed; a link that opens a browsing
// context gets rel="noopener noreferrer". It warns as it removes, once
// per removed element and attribute.
func planSanitize(nodes []describedNode, out *bridge.Encoder) {
	removedDepth := -1
	for _, n := range nodes {
		if removedDepth >= 0 && n.depth > removedDepth {
			continue
		}
		removedDepth = -1
		if !keepNodeType(n.nodeType) {
			out.Remove(n.h)
			removedDepth = n.depth
			continue
		}
		if n.nodeType != elementNode {
			continue
		}
		namespace := ""
		if n.html {
			namespace = htmlNamespace
		}
		if !keepElement(namespace, n.tag) {
			warn("sanitizer removed <" + n.tag + "> and its content")
			out.Remove(n.h)
			removedDepth = n.depth
			continue
		}
		planAttributes(n, out)
	}
}

// planAttributes removes n's attributes that keepAttribute refuses and
// hardens rel by the kept target and rel that come first, which are
// what getAttribute returns.
func planAttributes(n describedNode, out *bridge.Encoder) {
	var target, rel string
	var hasTarget, hasRel bool
	for _, a := range n.attrs {
		docProp := func(string) bool { return a.namesDocumentProperty }
		if !keepAttribute(n.tag, a.namespace, a.name, a.value, docProp) {
			warn("sanitizer removed attribute " + a.name + " from <" + n.tag + ">")
			out.RemoveAttr(n.h, a.name)
			continue
		}
		switch {
		case a.name == "target" && !hasTarget:
			target, hasTarget = a.value, true
		case a.name == "rel" && !hasRel:
			rel, hasRel = a.value, true
		}
	}
	if hardened, changed := hardenedRel(n.tag, target, rel); changed {
		out.Attr(n.h, "rel", hardened)
	}
}
