package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func send(t *testing.T, r *Response) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := r.Write(rec); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return rec
}

func TestHTMLAndJSONSetBodyAndContentType(t *testing.T) {
	tests := []struct {
		name     string
		resp     *Response
		wantType string
		wantBody string
	}{
		{"html", HTML("<p>Hello</p>"), "text/html; charset=utf-8", "<p>Hello</p>"},
		{"json object", JSON(map[string]int{"count": 42}), "application/json", `{"count":42}`},
		{"json nil is null on purpose", JSON(nil), "application/json", `null`},
		{"json slice", JSON([]string{"a", "b"}), "application/json", `["a","b"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := send(t, tt.resp)
			if rec.Code != http.StatusOK {
				t.Errorf("status = %d, want 200", rec.Code)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
		})
	}
}

func TestJSONEncodingErrorIsReportedNotNull(t *testing.T) {
	for name, v := range map[string]any{
		"channel":  make(chan int),
		"function": func() {},
		"NaN":      math.NaN(),
	} {
		t.Run(name, func(t *testing.T) {
			resp := JSON(v)
			if resp.Err() == nil {
				t.Fatal("Err() = nil for a value that cannot be encoded")
			}
			rec := httptest.NewRecorder()
			err := resp.Write(rec)
			if err == nil || !strings.Contains(err.Error(), "encoding JSON response") {
				t.Errorf("Write error = %v, want it to name the JSON encoding", err)
			}
			if rec.Code != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", rec.Code)
			}
			if strings.Contains(rec.Body.String(), "null") {
				t.Errorf("body %q carries a null", rec.Body.String())
			}
		})
	}
}

func TestModifiersSetSilcrowHeaders(t *testing.T) {
	tests := []struct {
		name   string
		resp   *Response
		header string
		want   string
	}{
		{"ws route", HTML("").WS(WsRoute("/ws/chat")), "silcrow-ws", "/ws/chat"},
		{"sse", HTML("").SSE("/events/feed"), "silcrow-sse", "/events/feed"},
		{"patch target", HTML("").PatchTarget("#stats", map[string]int{"count": 42}), "silcrow-patch", `{"target":"#stats","data":{"count":42}}`},
		{"patch target raw json", HTML("").PatchTarget("#stats", json.RawMessage(`{"a": [1, 2]}`)), "silcrow-patch", `{"target":"#stats","data":{"a":[1,2]}}`},
		{"patch target last call wins", HTML("").PatchTarget("#a", 1).PatchTarget("#b", 2), "silcrow-patch", `{"target":"#b","data":2}`},
		{"invalidate", HTML("").InvalidateTarget("#form"), "silcrow-invalidate", "#form"},
		{"navigate", HTML("").ClientNavigate("/dashboard"), "silcrow-navigate", "/dashboard"},
		{"retarget", HTML("").Retarget("#content > .main"), "silcrow-retarget", "#content > .main"},
		{"push", HTML("").PushHistory("/items?page=2#top"), "silcrow-push", "/items?page=2#top"},
		{"trigger", HTML("").Trigger("saved"), "silcrow-trigger", `{"saved":null}`},
		{"triggers keep call order, once each", HTML("").Trigger("saved").Trigger("refresh").Trigger("saved"), "silcrow-trigger", `{"saved":null,"refresh":null}`},
		{"no cache", JSON(1).NoCache(), "silcrow-cache", "no-cache"},
		{"toast", HTML("").Toast("Saved", "success"), "silcrow-toast", `[{"message":"Saved","level":"success"}]`},
		{"toasts accumulate", HTML("").Toast("a", "info").Toast("b", "error"), "silcrow-toast", `[{"message":"a","level":"info"},{"message":"b","level":"error"}]`},
		{"custom header", HTML("").Header("X-Frame-Options", "DENY"), "X-Frame-Options", "DENY"},
		{"header overrides content type", HTML("").Header("Content-Type", "text/plain"), "Content-Type", "text/plain"},
		// Header values are ASCII: browsers read header bytes as Latin-1.
		{"non-ASCII path is percent-encoded", HTML("").ClientNavigate("/café menu"), "silcrow-navigate", "/caf%C3%A9%20menu"},
		{"existing escapes are kept", HTML("").PushHistory("/a%20b?q=%C3%A9"), "silcrow-push", "/a%20b?q=%C3%A9"},
		{"non-ASCII ws route is percent-encoded", HTML("").WS(WsRoute("/ws/naïve")), "silcrow-ws", "/ws/na%C3%AFve"},
		{"non-ASCII selector is CSS-escaped", HTML("").Retarget("#café"), "silcrow-retarget", `#caf\0000e9`},
		{"escaped non-ASCII keeps one escape", HTML("").Retarget(`#a\é`), "silcrow-retarget", `#a\0000e9`},
		{"escaped backslash before non-ASCII", HTML("").Retarget(`#a\\é`), "silcrow-retarget", `#a\\\0000e9`},
		{"ASCII escapes are kept", HTML("").Retarget(`#a\:b\31 x\`), "silcrow-retarget", `#a\:b\31 x\`},
		{"astral selector is CSS-escaped", HTML("").InvalidateTarget(`[data-x="😀1"]`), "silcrow-invalidate", `[data-x="\01f6001"]`},
		{"non-ASCII JSON data is \\u-escaped", HTML("").PatchTarget("#x", map[string]string{"name": "Zoë 😀"}), "silcrow-patch", `{"target":"#x","data":{"name":"Zo\u00eb \ud83d\ude00"}}`},
		{"non-ASCII toast is \\u-escaped", HTML("").Toast("Grüße", "info"), "silcrow-toast", `[{"message":"Gr\u00fc\u00dfe","level":"info"}]`},
		{"CR LF inside JSON is escaped", HTML("").Trigger("a\r\nSet-Cookie: x=1"), "silcrow-trigger", `{"a\r\nSet-Cookie: x=1":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := send(t, tt.resp)
			got := rec.Header().Values(tt.header)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("%s = %q, want [%q]", tt.header, got, tt.want)
			}
			for name, values := range rec.Header() {
				for _, v := range values {
					for i := 0; i < len(v); i++ {
						if v[i] < 0x20 || v[i] > 0x7e {
							t.Errorf("header %s = %q has byte %#x, want printable ASCII only", name, v, v[i])
						}
					}
				}
			}
		})
	}
}

func TestJSONHeadersDecodeToTheOriginal(t *testing.T) {
	data := map[string]any{"name": "Zoë 😀", "note": "line1\nline2\u2028", "del": "\x7f"}
	rec := send(t, HTML("").PatchTarget("#é", data).Toast("Grüße 👋", "wärning"))

	var patch struct {
		Target string         `json:"target"`
		Data   map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(rec.Header().Get("silcrow-patch")), &patch); err != nil {
		t.Fatalf("silcrow-patch is not JSON: %v", err)
	}
	if patch.Target != "#é" || !reflect.DeepEqual(patch.Data, data) {
		t.Errorf("silcrow-patch decodes to %q %v, want %q %v", patch.Target, patch.Data, "#é", data)
	}

	var toasts []struct{ Message, Level string }
	if err := json.Unmarshal([]byte(rec.Header().Get("silcrow-toast")), &toasts); err != nil {
		t.Fatalf("silcrow-toast is not JSON: %v", err)
	}
	if len(toasts) != 1 || toasts[0].Message != "Grüße 👋" || toasts[0].Level != "wärning" {
		t.Errorf("silcrow-toast decodes to %+v", toasts)
	}
}

func TestUnsafeHeaderValuesAreRejected(t *testing.T) {
	const inject = "\r\nSet-Cookie: session=stolen"
	tests := []struct {
		name    string
		resp    *Response
		errWant string // a word the error must contain
	}{
		{"ws CR LF", HTML("").WS(WsRoute("/ws/chat" + inject)), "silcrow-ws"},
		{"sse LF", HTML("").SSE("/events\nX: y"), "silcrow-sse"},
		{"navigate CR", HTML("").ClientNavigate("/a\rb"), "silcrow-navigate"},
		{"push NUL", HTML("").PushHistory("/a\x00b"), "silcrow-push"},
		{"push DEL", HTML("").PushHistory("/a\x7fb"), "silcrow-push"},
		{"invalidate CR LF", HTML("").InvalidateTarget("#form" + inject), "silcrow-invalidate"},
		{"retarget tab", HTML("").Retarget("#a\tb"), "silcrow-retarget"},
		{"custom header CR LF", HTML("").Header("X-Note", "hi"+inject), "X-Note"},
		{"custom header non-ASCII", HTML("").Header("X-Note", "café"), "X-Note"},
		{"custom header bad name", HTML("").Header("X Note", "v"), "header name"},
		{"custom header name with colon", HTML("").Header("X-A:", "v"), "header name"},
		{"invalid UTF-8 path", HTML("").ClientNavigate("/\xff"), "UTF-8"},
		{"invalid UTF-8 selector", HTML("").Retarget("#\xff"), "UTF-8"},
		{"empty ws route", HTML("").WS(WsRoute("")), "empty"},
		{"empty selector", HTML("").Retarget(""), "empty"},
		{"empty patch selector", HTML("").PatchTarget("", 1), "empty"},
		{"unencodable patch data", HTML("").PatchTarget("#x", make(chan int)), "silcrow-patch"},
		{"empty trigger", HTML("").Trigger(""), "silcrow-trigger"},
		{"empty toast", HTML("").Toast("", "info"), "silcrow-toast"},
		{"status too low", HTML("").Status(42), "status"},
		{"status too high", HTML("").Status(1000), "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			err := tt.resp.Write(rec)
			if err == nil || !strings.Contains(err.Error(), tt.errWant) {
				t.Fatalf("Write error = %v, want one mentioning %q", err, tt.errWant)
			}
			if rec.Code != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", rec.Code)
			}
			for name := range rec.Header() {
				if strings.HasPrefix(strings.ToLower(name), "silcrow-") || name == "Set-Cookie" || name == "X-Note" {
					t.Errorf("header %s was sent with a failed response", name)
				}
			}
		})
	}
}

func TestErrorsAccumulate(t *testing.T) {
	err := HTML("").Retarget("").ClientNavigate("/a\nb").Err()
	if err == nil || !strings.Contains(err.Error(), "silcrow-retarget") || !strings.Contains(err.Error(), "silcrow-navigate") {
		t.Errorf("Err() = %v, want both failures", err)
	}
}

func TestStatusAndBodylessStatuses(t *testing.T) {
	tests := []struct {
		status   int
		wantBody string
	}{
		{http.StatusCreated, "<p>x</p>"},
		{http.StatusUnprocessableEntity, "<p>x</p>"},
		{http.StatusNoContent, ""},
		{http.StatusNotModified, ""},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			rec := send(t, HTML("<p>x</p>").Status(tt.status))
			if rec.Code != tt.status || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body.String(), tt.status, tt.wantBody)
			}
		})
	}
}

func TestResponseIsAHandlerAndReusable(t *testing.T) {
	resp := HTML("<p>hi</p>").Trigger("hello")
	for i := 0; i < 2; i++ {
		rec := httptest.NewRecorder()
		resp.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 200 || rec.Body.String() != "<p>hi</p>" || rec.Header().Get("silcrow-trigger") != `{"hello":null}` {
			t.Errorf("serve %d: %d %q %v", i, rec.Code, rec.Body.String(), rec.Header())
		}
	}
}

func TestServeHTTPLogsBuildErrors(t *testing.T) {
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(prev)

	rec := httptest.NewRecorder()
	JSON(make(chan int)).ServeHTTP(rec, httptest.NewRequest("GET", "/items", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", rec.Code)
	}
	if got := logs.String(); !strings.Contains(got, "level=ERROR") || !strings.Contains(got, "encoding JSON response") || !strings.Contains(got, "/items") {
		t.Errorf("log = %q, want an error naming the path and the cause", got)
	}
}
