//go:build js && wasm

package bridge

import (
	"syscall/js"
	"testing"
)

// The details AppendDetail writes come out of JSON.parse as the values
// the Hub puts in: strings with quotes, controls and non-ASCII, ints,
// int64s, null, and raw JSON, absent raw JSON being null.
func TestAppendDetailParsesToTheSameValues(t *testing.T) {
	detail := map[string]any{
		"url":         "ws://h/p?q=\"x\"\n\t\\ é 🚀",
		"subscribers": 3,
		"reconnectIn": int64(2000),
		"gone":        nil,
		"data":        rawJSON(`{"text":"hi","n":[1,2]}`),
		"empty":       rawJSON(nil),
	}
	raw := string(AppendDetail(nil, detail))
	obj := js.Global().Get("JSON").Call("parse", raw)
	if got := obj.Get("url").String(); got != detail["url"] {
		t.Errorf("url = %q, want %q (JSON %s)", got, detail["url"], raw)
	}
	if got := obj.Get("subscribers").Int(); got != 3 {
		t.Errorf("subscribers = %d, want 3", got)
	}
	if got := obj.Get("reconnectIn").Int(); got != 2000 {
		t.Errorf("reconnectIn = %d, want 2000", got)
	}
	if !obj.Get("gone").IsNull() || !obj.Get("empty").IsNull() {
		t.Errorf("gone, empty = %v, %v; want null, null", obj.Get("gone"), obj.Get("empty"))
	}
	if got := js.Global().Get("JSON").Call("stringify", obj.Get("data")).String(); got != `{"text":"hi","n":[1,2]}` {
		t.Errorf("data = %s", got)
	}
	if got := js.Global().Get("Object").Call("keys", obj).Length(); got != len(detail) {
		t.Errorf("%d members, want %d", got, len(detail))
	}
}

// rawJSON is JSON text, as live.JSON is.
type rawJSON []byte

func (j rawJSON) RawJSON() []byte { return j }
