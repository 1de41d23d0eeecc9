package dom

import (
	"strings"
	"testing"
)

func toastText(ts []toast) string {
	var parts []string
	for _, t := range ts {
		parts = append(parts, string(t.message)+"/"+string(t.level))
	}
	return strings.Join(parts, ";")
}

func TestTakeJSONToasts(t *testing.T) {
	tests := []struct {
		name, body, wantToasts, wantRest string
		wantErr                          bool
	}{
		{"no toasts: unchanged", `{"a":1}`, "", `{"a":1}`, false},
		{"not an object: unchanged", `[1,2]`, "", `[1,2]`, false},
		{"toasts removed, the rest kept", `{"_toasts":[{"message":"Saved","level":"success"}],"count":3}`, `"Saved"/"success"`, `{"count":3}`, false},
		{"only data left: unwrapped", `{"data":{"title":"Inbox"},"_toasts":[{"message":"Hi"}]}`, `"Hi"/`, `{"title":"Inbox"}`, false},
		{"data beside other members: kept", `{"data":{"x":1},"y":2,"_toasts":[]}`, "", `{"data":{"x":1},"y":2}`, false},
		{"data that is no object: nothing", `{"data":5,"_toasts":[]}`, "", `{}`, false},
		{"items that are not objects skipped", `{"_toasts":[null,"x",{"message":1,"level":"info"}]}`, `1/"info"`, `{}`, false},
		{"_toasts that is no array: dropped", `{"_toasts":"Saved","a":1}`, "", `{"a":1}`, true},
	}
	for _, tt := range tests {
		toasts, rest, err := takeJSONToasts([]byte(tt.body))
		if got := toastText(toasts); got != tt.wantToasts {
			t.Errorf("%s: toasts %q, want %q", tt.name, got, tt.wantToasts)
		}
		if string(rest) != tt.wantRest {
			t.Errorf("%s: rest %s, want %s", tt.name, rest, tt.wantRest)
		}
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: error %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
}

func TestCookieToasts(t *testing.T) {
	tests := []struct {
		name, cookies, want string
		found, wantErr      bool
	}{
		{"no cookie", "theme=dark", "", false, false},
		{"empty cookie", "silcrow_toasts=", "", false, false},
		{"one toast", "theme=dark; silcrow_toasts=%5B%7B%22message%22%3A%22Saved%22%2C%22level%22%3A%22success%22%7D%5D; x=1",
			`"Saved"/"success"`, true, false},
		{"first in the list", `silcrow_toasts=[{"message":"caf%C3%A9"}]`, `"café"/`, true, false},
		{"another cookie's name ends the same", "xsilcrow_toasts=%5B%5D", "", false, false},
		{"malformed escape", "silcrow_toasts=%E0%A4%A", "", true, true},
		{"not UTF-8", "silcrow_toasts=%FF", "", true, true},
		{"not JSON", "silcrow_toasts=Saved", "", true, true},
		{"not an array", "silcrow_toasts=%7B%7D", "", true, true},
	}
	for _, tt := range tests {
		toasts, found, err := cookieToasts(tt.cookies)
		if got := toastText(toasts); got != tt.want || found != tt.found || (err != nil) != tt.wantErr {
			t.Errorf("%s: cookieToasts = %q, %v, %v; want %q, %v, error %v", tt.name, got, found, err, tt.want, tt.found, tt.wantErr)
		}
	}
}

func TestHeaderToasts(t *testing.T) {
	toasts, err := headerToasts(`[{"message":"Saved","level":"success"},{"message":"caf\u00e9"}]`)
	if got := toastText(toasts); err != nil || got != `"Saved"/"success";"café"/` {
		t.Errorf("headerToasts = %q, %v", got, err)
	}
	for _, bad := range []string{`[{"message":`, `{"message":"x"}`} {
		if _, err := headerToasts(bad); err == nil {
			t.Errorf("headerToasts(%s) accepted, want an error", bad)
		}
	}
}
