package dom

import (
	"strings"
	"testing"

	"github.com/silcrow/silcrow/client/internal/clock"
)

func TestRequestMethod(t *testing.T) {
	tests := []struct {
		name  string
		form  bool
		attrs map[string]string
		want  string
	}{
		{"a link without method attributes is a GET", false, nil, "GET"},
		{"DELETE attribute", false, map[string]string{"delete": ""}, "DELETE"},
		{"post attribute", false, map[string]string{"post": ""}, "POST"},
		{"DELETE is looked for before POST", false, map[string]string{"post": "", "delete": ""}, "DELETE"},
		{"PATCH before GET", false, map[string]string{"get": "", "patch": ""}, "PATCH"},
		{"a method attribute on a button is not read", false, map[string]string{"method": "post"}, "GET"},
		{"a form without method posts", true, nil, "POST"},
		{"a form's method in upper case", true, map[string]string{"method": "get"}, "GET"},
		{"a form's empty method posts", true, map[string]string{"method": ""}, "POST"},
		{"a form ignores method attributes", true, map[string]string{"delete": "", "method": "put"}, "PUT"},
	}
	for _, tt := range tests {
		attr := func(name string) (string, bool) { v, ok := tt.attrs[name]; return v, ok }
		if got := requestMethod(tt.form, attr); got != tt.want {
			t.Errorf("%s: requestMethod = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestRequestTimeout(t *testing.T) {
	tests := []struct {
		attr    string
		present bool
		want    clock.Duration
		wantErr bool
	}{
		{"", false, 30 * clock.Second, false},
		{"500", true, 500 * clock.Millisecond, false},
		{" 250ms", true, 250 * clock.Millisecond, false},
		{"+40", true, 40 * clock.Millisecond, false},
		{"", true, 30 * clock.Second, true},
		{"soon", true, 30 * clock.Second, true},
		{"0", true, 30 * clock.Second, true},
		{"-5", true, 30 * clock.Second, true},
		{"99999999999999", true, 30 * clock.Second, true},
	}
	for _, tt := range tests {
		got, err := requestTimeout(tt.attr, tt.present)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("requestTimeout(%q, %v) = %v, %v; want %v, error %v", tt.attr, tt.present, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestPushesHistory(t *testing.T) {
	tests := []struct {
		name, method, selector, trigger string
		skip                            bool
		want                            bool
	}{
		{"a full-page GET", "GET", "", triggerClick, false, true},
		{"a partial update", "GET", "#list", triggerClick, false, false},
		{"s-skip-history", "GET", "", triggerClick, true, false},
		{"a POST", "POST", "", triggerSubmit, false, false},
		{"Back and Forward", "GET", "", triggerPopstate, false, false},
		{"Silcrow.go", "GET", "", triggerGo, false, true},
	}
	for _, tt := range tests {
		if got := pushesHistory(tt.method, tt.selector, tt.skip, tt.trigger); got != tt.want {
			t.Errorf("%s: pushesHistory = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSupersedes(t *testing.T) {
	if !supersedes("GET") {
		t.Error("a newer navigation of the same target does not abort a GET")
	}
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		if supersedes(m) {
			t.Errorf("a newer navigation aborts a %s", m)
		}
	}
}

func TestHistoryURL(t *testing.T) {
	if got := historyURL("https://a.test/pushed", "https://a.test/final", "https://a.test/asked", true); got != "https://a.test/pushed" {
		t.Errorf("silcrow-push: %s", got)
	}
	if got := historyURL("", "https://a.test/final", "https://a.test/asked", true); got != "https://a.test/final" {
		t.Errorf("redirected: %s", got)
	}
	if got := historyURL("", "https://a.test/asked", "https://a.test/asked", false); got != "https://a.test/asked" {
		t.Errorf("plain: %s", got)
	}
}

func TestCacheable(t *testing.T) {
	tests := []struct {
		method     string
		redirected bool
		header     string
		want       bool
	}{
		{"GET", false, "", true},
		{"GET", false, "no-cache", false},
		{"GET", false, " No-Cache ", false},
		{"GET", true, "", false},
		{"POST", false, "", false},
	}
	for _, tt := range tests {
		if got := cacheable(tt.method, tt.redirected, tt.header); got != tt.want {
			t.Errorf("cacheable(%s, %v, %q) = %v, want %v", tt.method, tt.redirected, tt.header, got, tt.want)
		}
	}
}

func TestParseTriggers(t *testing.T) {
	tests := []struct {
		header  string
		want    string // name=detail;...
		wantErr bool
	}{
		{"", "", false},
		{"refresh", "refresh=", false},
		{`{"saved":{"id":3},"count":2}`, `saved={"id":3};count=2`, false},
		{`{"a":1,"a":2}`, `a=2`, false},
		{`{"flag":null}`, `flag=null`, false},
		{`{"saved":`, "", true},
	}
	for _, tt := range tests {
		events, err := parseTriggers(tt.header)
		var parts []string
		for _, e := range events {
			parts = append(parts, e.name+"="+string(e.detail))
		}
		if got := strings.Join(parts, ";"); got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parseTriggers(%q) = %q, %v; want %q, error %v", tt.header, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParsePatchHeader(t *testing.T) {
	target, data, err := parsePatchHeader(`{"target":"#cart","data":{"count":3,"items":[1,"x",true,null]}}`)
	if err != nil || target != "#cart" || string(data) != `{"count":3,"items":[1,"x",true,null]}` {
		t.Errorf("parsePatchHeader = %q, %s, %v", target, data, err)
	}
	for _, bad := range []string{`{"target":"#cart"`, `["#cart"]`, `{"data":{}}`, `{"target":"","data":{}}`, `{"target":7,"data":{}}`, `{"target":"#cart"}`} {
		if _, _, err := parsePatchHeader(bad); err == nil {
			t.Errorf("parsePatchHeader(%s) accepted, want an error", bad)
		}
	}
}

// recordingRunner records the side effects it is asked for, in order.
type recordingRunner struct{ got []string }

func (r *recordingRunner) patch(target string, data []byte) {
	r.got = append(r.got, "patch "+target+" "+string(data))
}
func (r *recordingRunner) invalidate(s string) { r.got = append(r.got, "invalidate "+s) }
func (r *recordingRunner) navigate(p string)   { r.got = append(r.got, "navigate "+p) }
func (r *recordingRunner) sse(p string)        { r.got = append(r.got, "sse "+p) }
func (r *recordingRunner) ws(u string)         { r.got = append(r.got, "ws "+u) }

func TestSideEffectsRunInOrder(t *testing.T) {
	r := &recordingRunner{}
	sideEffects{
		ws: "/ws/chat", sse: "/events", navigate: "/next", invalidate: "#list",
		patch: `{"target":"#n","data":{"n":1}}`,
	}.run(r)
	want := `patch #n {"n":1}|invalidate #list|navigate /next|sse /events|ws /ws/chat`
	if got := strings.Join(r.got, "|"); got != want {
		t.Errorf("side effects ran as\n  %s\nwant\n  %s", got, want)
	}
}

func TestSideEffectsSkipABadPatchHeader(t *testing.T) {
	var warnings []string
	SetWarn(func(msg string) { warnings = append(warnings, msg) })
	defer SetWarn(nil)
	r := &recordingRunner{}
	sideEffects{patch: `{"target":`, invalidate: "#list"}.run(r)
	if got := strings.Join(r.got, "|"); got != "invalidate #list" {
		t.Errorf("side effects after a bad silcrow-patch: %q, want the invalidate alone", got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "silcrow-patch") {
		t.Errorf("warnings = %q, want one about silcrow-patch", warnings)
	}
}

func TestAppendJSON(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"a":[1,2.5,-0.001,1e21],"b":"x\"y","c":{"d":false,"e":null}}`, `{"a":[1,2.5,-0.001,1e+21],"b":"x\"y","c":{"d":false,"e":null}}`},
		{`1e400`, `null`},
		{`"\u2028"`, `"\u2028"`},
	} {
		_, got, err := takeJSONToasts([]byte(`{"_toasts":[],"v":` + tt.in + `}`))
		if err != nil || string(got) != `{"v":`+tt.want+`}` {
			t.Errorf("appendJSON(%s) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}
