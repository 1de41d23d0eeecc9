package frame

import (
	"strconv"
	"testing"
)

// Quote writes what JSON.stringify writes for a string; for printable
// ASCII that is also what strconv.Quote writes.
func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		``:            `""`,
		`a..b`:        `"a..b"`,
		`say "hi"`:    `"say \"hi\""`,
		`back\slash`:  `"back\\slash"`,
		"tab\tnl\n":   `"tab\tnl\n"`,
		"nul\x00":     `"nul\u0000"`,
		"héllo":       `"héllo"`,
		"bad\xffutf8": `"bad\ufffdutf8"`,
		"<b>&</b>":    `"<b>&</b>"`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
	for c := rune(0x20); c < 0x7f; c++ {
		if got, want := Quote(string(c)), strconv.Quote(string(c)); got != want {
			t.Errorf("Quote(%q) = %s, want %s as strconv writes it", c, got, want)
		}
	}
}

// quoteRune writes a rune as strconv.QuoteRune does, for every ASCII
// character and for printable ones beyond.
func TestQuoteRune(t *testing.T) {
	for c := rune(0); c < 0x80; c++ {
		if got, want := quoteRune(c), strconv.QuoteRune(c); got != want {
			t.Errorf("quoteRune(%d) = %s, want %s", c, got, want)
		}
	}
	for _, c := range []rune{'é', '世', '🙂'} {
		if got, want := quoteRune(c), strconv.QuoteRune(c); got != want {
			t.Errorf("quoteRune(%q) = %s, want %s", c, got, want)
		}
	}
}
