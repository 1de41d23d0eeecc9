package natsbroker

import (
	"strings"
	"testing"
)

func TestEveryRoomHasASubjectOfItsOwn(t *testing.T) {
	rooms := []string{"chat", "Chat", "a-b_c", "", "~", "a.b", "a b", "*", ">", "a.>", "~Y2hhdA", "chat.", "é", "\x00"}
	seen := map[string]string{}
	for _, room := range rooms {
		subj := subject("p", room)
		token, ok := strings.CutPrefix(subj, "p.")
		if !ok || token == "" || strings.ContainsAny(token, ". *>\t\r\n") {
			t.Errorf("room %q: subject %q is not the prefix and one plain token", room, subj)
		}
		if other, dup := seen[subj]; dup {
			t.Errorf("rooms %q and %q share subject %q", other, room, subj)
		}
		seen[subj] = room
	}
	if got := subject("silcrow.room", "chat"); got != "silcrow.room.chat" {
		t.Errorf("subject of a plain room = %q, want it as it is", got)
	}
}
