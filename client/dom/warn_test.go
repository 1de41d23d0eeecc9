package dom

import (
	"reflect"
	"testing"
)

// captureWarnings installs a warning sink for the rest of the test and
// returns the messages it receives.
func captureWarnings(t *testing.T) *[]string {
	t.Helper()
	var got []string
	SetWarn(func(msg string) { got = append(got, msg) })
	t.Cleanup(func() { SetWarn(nil) })
	return &got
}

func TestWarnReachesTheInstalledFunction(t *testing.T) {
	got := captureWarnings(t)
	warn(`bad path "a..b"`)
	if want := []string{`bad path "a..b"`}; !reflect.DeepEqual(*got, want) {
		t.Errorf("warnings = %q, want %q", *got, want)
	}
}

func TestSetWarnNilSilences(t *testing.T) {
	got := captureWarnings(t)
	SetWarn(nil)
	warn("unheard")
	if len(*got) != 0 {
		t.Errorf("warnings after SetWarn(nil) = %q, want none", *got)
	}
}
