package wire_test

import (
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// benchEvents are the spec's five examples, one per type, with data given
// as the Go values a server would pass.
var benchEvents = []struct {
	name string
	ev   func() wire.Event
}{
	{"patch", func() wire.Event { return wire.Patch(map[string]int{"count": 42}, "#stats") }},
	{"html", func() wire.Event { return wire.HTML("<p>Hello</p>", "#content") }},
	{"invalidate", func() wire.Event { return wire.Invalidate("#form") }},
	{"navigate", func() wire.Event { return wire.Navigate("/dashboard") }},
	{"custom", func() wire.Event { return wire.Custom("ping", map[string]int{"ts": 12345}) }},
}

// BenchmarkEncode measures Encode of an already built event.
func BenchmarkEncode(b *testing.B) {
	for _, be := range benchEvents {
		b.Run(be.name, func(b *testing.B) {
			ev := be.ev()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := wire.Encode(ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConstructAndEncode adds the constructor's encoding of Go data,
// which is what a server pays per message.
func BenchmarkConstructAndEncode(b *testing.B) {
	for _, be := range benchEvents {
		b.Run(be.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := wire.Encode(be.ev()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
