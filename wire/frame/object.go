package frame

// Object is a JSON object as [ParseValue] returns it: its members in the
// order of the text. A name may be given twice; [Object.Get] finds the last
// one, the value JSON.parse keeps.
type Object struct {
	members []Member
	// index maps each name to its last member, for objects too large to
	// search member by member.
	index map[string]int
}

// Member is one name and value of an [Object].
type Member struct {
	Name  string
	Value any
}

// indexFrom is the size from which an Object gets an index: below it a
// backward search is quicker than hashing the name, and a list item, the
// common object, has a handful of members.
const indexFrom = 16

// newObject returns an Object holding a copy of members. An object of one
// to len(smallObject.room) members, a list item for one, comes in one
// allocation with its members: a list patch makes one object per item,
// and in the browser every allocation costs. (One size only: a type per
// size costs silcrow.wasm 1.6 KB of gzip.)
func newObject(members []Member) *Object {
	var o *Object
	if n := len(members); n > 0 && n <= len(smallObject{}.room) {
		p := new(smallObject)
		p.members = p.room[:0]
		o = &p.Object
	} else {
		o = &Object{members: make([]Member, 0, n)}
	}
	o.members = append(o.members, members...)
	if len(members) >= indexFrom {
		o.index = make(map[string]int, len(members))
		for i, m := range members {
			o.index[m.Name] = i
		}
	}
	return o
}

// Get returns the value of the member called name, the last one if the
// name repeats, and whether there is one.
func (o *Object) Get(name string) (any, bool) {
	if o.index != nil {
		i, ok := o.index[name]
		if !ok {
			return nil, false
		}
		return o.members[i].Value, true
	}
	for i := len(o.members) - 1; i >= 0; i-- {
		if o.members[i].Name == name {
			return o.members[i].Value, true
		}
	}
	return nil, false
}

// Members returns the members in the order of the text, repeated names
// included. The slice is the Object's own: do not modify it.
func (o *Object) Members() []Member { return o.members }

// smallObject is an Object and the room for its members, allocated as one.
type smallObject struct {
	Object
	room [4]Member
}
