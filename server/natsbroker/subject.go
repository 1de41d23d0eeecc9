package natsbroker

import "encoding/base64"

// subject returns the NATS subject of room's events: prefix.room when the
// room is a plain token, else prefix.~ and the room in base64url, so that
// any room name, dots, spaces and wildcards included, has a subject of its
// own and no two rooms share one.
func subject(prefix, room string) string {
	if plainToken(room) {
		return prefix + "." + room
	}
	return prefix + ".~" + base64.RawURLEncoding.EncodeToString([]byte(room))
}

// plainToken reports whether room is a non-empty run of ASCII letters,
// digits, '-' and '_', which a subject carries as it is.
func plainToken(room string) bool {
	if room == "" {
		return false
	}
	for i := 0; i < len(room); i++ {
		c := room[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
