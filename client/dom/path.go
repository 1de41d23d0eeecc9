package dom

import (
	"errors"
	"strconv"
	"strings"

	"github.com/silcrow/silcrow/wire/frame"
)

// Path is a parsed binding path such as "user.name", or ".title" for a path
// local to a list item. The zero Path is not valid; obtain one from
// ParsePath.
type Path struct {
	local bool
	keys  []string
}

// ParsePath parses s, which must match ^\.?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$.
// The error says what is wrong, for the debug warning.
func ParsePath(s string) (Path, error) {
	rest, local := strings.CutPrefix(s, ".")
	if rest == "" {
		return Path{}, errors.New("empty path")
	}
	keys := strings.Split(rest, ".")
	for _, key := range keys {
		if key == "" {
			return Path{}, errors.New("empty segment between dots")
		}
		for i := 0; i < len(key); i++ {
			if !isPathByte(key[i]) {
				return Path{}, errors.New("segment " + frame.Quote(key) + " may hold only A-Z, a-z, 0-9, '_' and '-'")
			}
		}
	}
	return Path{local: local, keys: keys}, nil
}

// IsLocal reports whether p was written with a leading dot and so names a
// field of a list item rather than of the patch data.
func (p Path) IsLocal() bool { return p.local }

// String returns p as it was written, leading dot included.
func (p Path) String() string {
	s := strings.Join(p.keys, ".")
	if p.local {
		return "." + s
	}
	return s
}

// blockedKeys never resolve, even when the JSON has them as own keys:
// JSON.parse does create an own "__proto__" key, and Silcrow.js refuses to
// follow these three names so that a path can never reach a prototype.
var blockedKeys = map[string]bool{
	"__proto__":   true,
	"constructor": true,
	"prototype":   true,
}

// Resolve walks data, a value as frame.ParseValue makes it, along
// path and returns what it finds there, or false when there is nothing: a
// JSON null that is present is (nil, true), an absent key is (nil, false).
// A local path is walked the same way; which data it starts from is the
// caller's business.
//
// Only own data is reachable. Object keys resolve when the object has them,
// except "__proto__", "constructor" and "prototype". Array elements resolve
// by canonical index ("0", "12"; not "01" or "+1"), as JavaScript's own
// index keys do. Nothing else has keys: a string, number, boolean or null has
// no fields, so "toString" or a string's "length" resolve to nothing, and an
// array's "length" resolves to nothing too, because a length is a property
// of the array, not data in it.
func Resolve(data any, path Path) (any, bool) {
	current := data
	for _, key := range path.keys {
		switch node := current.(type) {
		case *frame.Object:
			if blockedKeys[key] {
				return nil, false
			}
			next, ok := node.Get(key)
			if !ok {
				return nil, false
			}
			current = next
		case []any:
			i, ok := arrayIndex(key)
			if !ok || i >= len(node) {
				return nil, false
			}
			current = node[i]
		default:
			return nil, false
		}
	}
	return current, true
}

// arrayIndex parses key as a canonical array index: decimal digits, no sign,
// no leading zero unless the index is 0.
func arrayIndex(key string) (int, bool) {
	if key != "0" && (key[0] < '1' || key[0] > '9') {
		return 0, false
	}
	i, err := strconv.Atoi(key)
	if err != nil {
		return 0, false
	}
	return i, true
}

func isPathByte(c byte) bool {
	return isASCIIAlpha(c) || isASCIIDigit(c) || c == '_' || c == '-'
}
