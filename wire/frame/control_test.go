package frame

import (
	"errors"
	"reflect"
	"testing"
)

func TestControlFramesRoundTrip(t *testing.T) {
	cases := []struct {
		c    Control
		text string
	}{
		{Control{Type: ControlPing}, `{"type":"ping"}`},
		{Control{Type: ControlPong}, `{"type":"pong"}`},
		{Control{Type: ControlHello, Since: map[string]Position{}}, `{"type":"hello","since":{}}`},
		{
			Control{Type: ControlHello, Since: map[string]Position{"room/b": {"e2", 7}, "a\"b": {"e1", 1 << 53}}},
			`{"type":"hello","since":{"a\"b":{"epoch":"e1","offset":9007199254740992},"room/b":{"epoch":"e2","offset":7}}}`,
		},
		{
			Control{Type: ControlGap, Room: "chat", Have: Position{"old", 12}, Epoch: "new", First: 3, Last: 40},
			`{"type":"gap","room":"chat","since":{"epoch":"old","offset":12},"epoch":"new","first":3,"last":40}`,
		},
		{
			Control{Type: ControlAt, Room: "chat", Have: Position{"e", 40}},
			`{"type":"at","room":"chat","since":{"epoch":"e","offset":40}}`,
		},
	}
	for _, tc := range cases {
		got := string(AppendControl(nil, tc.c))
		if got != tc.text {
			t.Errorf("AppendControl(%+v)\n got %s\nwant %s", tc.c, got, tc.text)
		}
		back, err := ParseControl([]byte(tc.text))
		if err != nil {
			t.Fatalf("ParseControl(%s): %v", tc.text, err)
		}
		if !reflect.DeepEqual(back, tc.c) {
			t.Errorf("ParseControl(%s) = %+v, want %+v", tc.text, back, tc.c)
		}
	}
}

func TestHeartbeatFramesAreAsAppendControlWritesThem(t *testing.T) {
	if got := string(AppendControl(nil, Control{Type: ControlPing})); got != PingFrame {
		t.Errorf("ping %s, PingFrame %s", got, PingFrame)
	}
	if got := string(AppendControl(nil, Control{Type: ControlPong})); got != PongFrame {
		t.Errorf("pong %s, PongFrame %s", got, PongFrame)
	}
	if got := string(AppendControl([]byte("x"), Control{Type: ControlHello})); got != `x{"type":"hello","since":{}}` {
		t.Errorf("hello appended to x: %s", got)
	}
}

func TestEventsAreNotControlFrames(t *testing.T) {
	for _, text := range []string{
		`{"type":"patch","data":{"type":"ping"}}`,
		`{"type":"pings"}`,
		`{"type":"attach"}`,
		`{"type":"custom","event":"ping","data":null}`,
		`{"event":"ping","data":1}`,
		`{ "type":"ping"}`, // not as AppendControl writes it
		`{"type":"ping`,
		``,
	} {
		if IsControl([]byte(text)) {
			t.Errorf("IsControl(%s) = true", text)
		}
		if _, err := ParseControl([]byte(text)); !errors.Is(err, ErrNotControl) {
			t.Errorf("ParseControl(%s) = %v, want ErrNotControl", text, err)
		}
	}
}

func TestBadControlFramesAreErrors(t *testing.T) {
	cases := []struct {
		text string
		kind error
	}{
		{`{"type":"ping"`, ErrSyntax},
		{`{"type":"hello"}`, ErrMissingField},
		{`{"type":"hello","since":[]}`, ErrWrongType},
		{`{"type":"hello","since":{"r":{"epoch":1,"offset":1}}}`, ErrWrongType},
		{`{"type":"hello","since":{"r":{"epoch":"e","offset":-1}}}`, ErrBadValue},
		{`{"type":"hello","since":{"r":{"epoch":"e","offset":1.5}}}`, ErrBadValue},
		{`{"type":"hello","since":{"r":{"epoch":"e","offset":1e300}}}`, ErrBadValue},
		{`{"type":"hello","since":{"r":{"epoch":"e"}}}`, ErrWrongType},
		{`{"type":"gap","since":{"epoch":"e","offset":1},"epoch":"e","first":0,"last":0}`, ErrMissingField},
		{`{"type":"gap","room":"r","epoch":"e","first":0,"last":0}`, ErrWrongType},
		{`{"type":"at","since":{"epoch":"e","offset":1}}`, ErrMissingField},
		{`{"type":"at","room":"r","since":{"epoch":"e","offset":-1}}`, ErrBadValue},
		{`{"type":"gap","room":"r","since":{"epoch":"e","offset":1},"epoch":"e","first":"0","last":0}`, ErrWrongType},
	}
	for _, tc := range cases {
		_, err := ParseControl([]byte(tc.text))
		if !errors.Is(err, tc.kind) {
			t.Errorf("ParseControl(%s) = %v, want %v", tc.text, err, tc.kind)
		}
	}
}

func BenchmarkIsControl(b *testing.B) {
	ev := []byte(`{"type":"patch","target":"#count","data":{"n":1}}`)
	for b.Loop() {
		if IsControl(ev) {
			b.Fatal("an event is not a control frame")
		}
	}
}
