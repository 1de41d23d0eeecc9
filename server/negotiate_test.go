package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestIsSilcrow(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   bool
	}{
		{"runtime fetch", http.Header{"Silcrow-Target": {"true"}}, true},
		{"present but empty", http.Header{"Silcrow-Target": {""}}, true},
		{"plain browser request", http.Header{"Accept": {"text/html"}}, false},
		{"no headers", http.Header{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header = tt.header
			if got := IsSilcrow(r); got != tt.want {
				t.Errorf("IsSilcrow = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNegotiateAcceptGrammar(t *testing.T) {
	const none = Format(0)
	tests := []struct {
		name   string
		accept []string // nil: no Accept header
		want   Format
	}{
		{"absent accepts anything, HTML wins the tie", nil, FormatHTML},
		{"empty accepts anything", []string{""}, FormatHTML},
		{"html", []string{"text/html"}, FormatHTML},
		{"json", []string{"application/json"}, FormatJSON},
		{"star star is a tie", []string{"*/*"}, FormatHTML},
		{"equal q is a tie whatever the order", []string{"application/json, text/html"}, FormatHTML},
		{"higher q wins", []string{"text/html;q=0.5, application/json;q=0.8"}, FormatJSON},
		{"q=1 beats q=0.9", []string{"application/json;q=1, text/html;q=0.9"}, FormatJSON},
		{"text star counts for html", []string{"text/*"}, FormatHTML},
		{"application star counts for json", []string{"application/*"}, FormatJSON},
		{"subtype wildcards compare by q", []string{"application/*;q=0.9, text/*;q=0.8"}, FormatJSON},
		{"specific range beats wildcard", []string{"text/html;q=0.1, */*"}, FormatJSON},
		{"q=0 excludes despite star star", []string{"text/html;q=0, */*"}, FormatJSON},
		{"star star q=0 excludes everything", []string{"*/*;q=0"}, none},
		{"both excluded", []string{"text/html;q=0, application/json;q=0"}, none},
		{"unrelated type", []string{"image/png"}, none},
		{"browser navigation", []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, FormatHTML},
		{"fetch asking for json", []string{"application/json, */*;q=0.1"}, FormatJSON},
		{"case-insensitive type and q", []string{"application/JSON; Q=0.5, TEXT/html; q=0.4"}, FormatJSON},
		{"spaces around parts", []string{" text/html ; q=0.3 ,  application/json ; q=0.4 "}, FormatJSON},
		{"other parameters ignored", []string{"text/html;level=1;q=0.2, application/json;charset=utf-8;q=0.3"}, FormatJSON},
		{"same range twice takes the higher q", []string{"text/html;q=0.5, text/html;q=0.9, application/json;q=0.8"}, FormatHTML},
		{"q=1.000 is valid", []string{"text/html;q=1.000, application/json;q=0.999"}, FormatHTML},
		{"header lines are one list", []string{"application/json", "text/html;q=0.5"}, FormatJSON},
		// Malformed parts are ignored; what remains decides.
		{"only garbage accepts anything", []string{"garbage"}, FormatHTML},
		{"garbage beside json", []string{"garbage, application/json"}, FormatJSON},
		{"q above 1 drops the part", []string{"text/html;q=2, application/json"}, FormatJSON},
		{"q=1.001 drops the part", []string{"text/html;q=1.001, application/json;q=0.1"}, FormatJSON},
		{"four decimals drop the part", []string{"text/html;q=0.1234, application/json;q=0.1"}, FormatJSON},
		{"non-numeric q drops the part", []string{"text/html;q=high, application/json;q=0.1"}, FormatJSON},
		{"negative q drops the part", []string{"text/html;q=-1, application/json;q=0.1"}, FormatJSON},
		{"star with a subtype is malformed", []string{"*/html, application/json"}, FormatJSON},
		{"missing subtype is malformed", []string{"text/, application/json"}, FormatJSON},
		{"missing type is malformed", []string{"/html, application/json"}, FormatJSON},
		{"no slash is malformed", []string{"html, application/json"}, FormatJSON},
		{"empty parts are skipped", []string{",,application/json,,"}, FormatJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			for _, v := range tt.accept {
				r.Header.Add("Accept", v)
			}
			got, ok := Negotiate(r, FormatJSON, FormatHTML)
			if got != tt.want || ok != (tt.want != none) {
				t.Errorf("Negotiate(%q) = %v, %v; want %v, %v", tt.accept, got, ok, tt.want, tt.want != none)
			}
		})
	}
}

func TestNegotiateOnlyChoosesOfferedFormats(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept", "application/json, text/html;q=0.5")
	if got, ok := Negotiate(r, FormatHTML); got != FormatHTML || !ok {
		t.Errorf("HTML only: got %v, %v; want HTML", got, ok)
	}
	r.Header.Set("Accept", "application/json")
	if got, ok := Negotiate(r, FormatHTML); ok {
		t.Errorf("HTML only, JSON accepted: got %v, want none", got)
	}
	if _, ok := Negotiate(r); ok {
		t.Error("no offers: want none")
	}
}

func TestParseQ(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true},
		{"0.", 0, true},
		{"0.5", 500, true},
		{"0.05", 50, true},
		{"0.123", 123, true},
		{"1", 1000, true},
		{"1.", 1000, true},
		{"1.000", 1000, true},
		{"", 0, false},
		{"2", 0, false},
		{"01", 0, false},
		{".5", 0, false},
		{"0.1234", 0, false},
		{"1.001", 0, false},
		{"1.5", 0, false},
		{"-0", 0, false},
		{"0.a", 0, false},
		{"0,5", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseQ(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseQ(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRespondCallsOnlyTheChosenArm(t *testing.T) {
	tests := []struct {
		name       string
		accept     string
		html, json bool // which arms are offered
		wantStatus int
		wantArm    string // "html", "json" or "" (none called)
		wantType   string
	}{
		{"browser gets html", "text/html,*/*;q=0.8", true, true, 200, "html", "text/html; charset=utf-8"},
		{"api client gets json", "application/json", true, true, 200, "json", "application/json"},
		{"curl gets html", "*/*", true, true, 200, "html", "text/html; charset=utf-8"},
		{"json-only handler serves star star", "*/*", false, true, 200, "json", "application/json"},
		{"html-only handler refuses json client", "application/json", true, false, 406, "", "text/plain; charset=utf-8"},
		{"json-only handler refuses html client", "text/html", false, true, 406, "", "text/plain; charset=utf-8"},
		{"nothing acceptable", "image/png", true, true, 406, "", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var called []string
			var arms Arms
			if tt.html {
				arms.HTML = func() *Response { called = append(called, "html"); return HTML("<p>page</p>").WS(WsRoute("/ws/chat")) }
			}
			if tt.json {
				arms.JSON = func() *Response { called = append(called, "json"); return JSON([]string{"m1"}) }
			}
			r := httptest.NewRequest("GET", "/chat", nil)
			r.Header.Set("Accept", tt.accept)
			rec := httptest.NewRecorder()
			if err := Respond(rec, r, arms); err != nil {
				t.Fatalf("Respond: %v", err)
			}
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			wantCalled := []string{}
			if tt.wantArm != "" {
				wantCalled = []string{tt.wantArm}
			}
			if strings.Join(called, ",") != strings.Join(wantCalled, ",") {
				t.Errorf("arms called = %v, want %v", called, wantCalled)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if got := rec.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept, silcrow-target" {
				t.Errorf("Vary = %q, want [\"Accept, silcrow-target\"]", got)
			}
			if tt.wantStatus == http.StatusNotAcceptable {
				var offered []string
				if tt.html {
					offered = append(offered, "text/html")
				}
				if tt.json {
					offered = append(offered, "application/json")
				}
				if want := "available as " + strings.Join(offered, ", "); !strings.Contains(rec.Body.String(), want) {
					t.Errorf("406 body = %q, want it to say %q", rec.Body.String(), want)
				}
			}
		})
	}
}

func TestRespondKeepsTheArmsHeaders(t *testing.T) {
	resp := HTML("<p>page</p>").WS(WsRoute("/ws/chat")).Header("Vary", "Cookie")
	r := httptest.NewRequest("GET", "/chat", nil)
	for i := 0; i < 2; i++ {
		rec := httptest.NewRecorder()
		if err := Respond(rec, r, Arms{HTML: func() *Response { return resp }}); err != nil {
			t.Fatal(err)
		}
		if got := rec.Header().Get("silcrow-ws"); got != "/ws/chat" {
			t.Errorf("silcrow-ws = %q", got)
		}
		if got := rec.Header().Values("Vary"); strings.Join(got, "|") != "Cookie|Accept, silcrow-target" {
			t.Errorf("response %d: Vary = %q, want the arm's value then the negotiation's, once", i, got)
		}
	}
}

func TestRespondReportsProgrammingErrors(t *testing.T) {
	tests := []struct {
		name string
		arms Arms
		want string
	}{
		{"no arms", Arms{}, "at least one arm"},
		{"nil response", Arms{HTML: func() *Response { return nil }}, "nil *Response"},
		{"failed response", Arms{JSON: func() *Response { return JSON(make(chan int)) }}, "encoding JSON response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			err := Respond(rec, httptest.NewRequest("GET", "/", nil), tt.arms)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Respond error = %v, want one containing %q", err, tt.want)
			}
			if rec.Code != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", rec.Code)
			}
		})
	}
}
