package frame_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

// listData is the data of a patch that renders a 50-item s-list, about
// 4 KB: the kind of frame a busy page receives.
func listData() []byte {
	var b strings.Builder
	b.WriteString(`{"status":"connected","items":[`)
	for i := range 50 {
		if i > 0 {
			b.WriteByte(',')
		}
		n := strconv.Itoa(i)
		b.WriteString(`{"key":"m` + n + `","author":"Zoë","text":"message ` + n + ` with <b>markup</b> & \"quotes\" \u00e9","n":` + n + `,"read":true,"at":1.7e9}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// benchFrames are the spec's five examples, one per type, the list patch
// and a broadcast event with its position, as canonical frames.
var benchFrames = []struct {
	name  string
	frame string
}{
	{"patch", `{"type":"patch","target":"#stats","data":{"count":42}}`},
	{"html", `{"type":"html","target":"#content","markup":"<p>Hello</p>"}`},
	{"invalidate", `{"type":"invalidate","target":"#form"}`},
	{"navigate", `{"type":"navigate","path":"/dashboard"}`},
	{"custom", `{"type":"custom","event":"ping","data":{"ts":12345}}`},
	{"list patch", `{"type":"patch","target":"#messages","data":` + string(listData()) + `}`},
	// The demo's chat message as a Hub sends it to a silcrow.v1 client.
	{"positioned html", `{"type":"html","target":"#messages","markup":"<p class=\"message\">hi</p>","swap":"append","room":"chat","epoch":"kq3v9x2mZ0aB","offset":123456}`},
}

// BenchmarkDecode measures Decode of each frame.
func BenchmarkDecode(b *testing.B) {
	for _, bf := range benchFrames {
		b.Run(bf.name, func(b *testing.B) {
			frameBytes := []byte(bf.frame)
			b.SetBytes(int64(len(frameBytes)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := frame.Decode(frameBytes); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncode measures Encode of each frame's event.
func BenchmarkEncode(b *testing.B) {
	for _, bf := range benchFrames {
		b.Run(bf.name, func(b *testing.B) {
			ev, err := frame.Decode([]byte(bf.frame))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := frame.Encode(ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseValue measures what the client's binding engine pays to
// read a patch's data, beside encoding/json doing the same.
func BenchmarkParseValue(b *testing.B) {
	data := listData()
	b.Run("frame", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := frame.ParseValue(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
