package main

import (
	"bytes"
	_ "embed"
	"html/template"
	"net"
	"net/http"
	"testing/fstest"
	"time"

	"github.com/silcrow/silcrow/server"
)

// hookJS is a function expression that takes a pageConfig and memfsJS;
// see hook.js.
//
//go:embed hook.js
var hookJS string

// memfsJS is a function expression that adds an in-memory file system to
// wasm_exec.js's fs; see memfs.js.
//
//go:embed memfs.js
var memfsJS string

// bindingName is the Runtime binding through which the hook reports how
// the test binary ended (session.go).
const bindingName = "__wasmexecReport"

// pageConfig is what the hook needs, passed to it as JSON.
type pageConfig struct {
	Title   string            `json:"-"`
	Argv    []string          `json:"argv"`    // the Go program's os.Args: "js" and the test flags
	Env     map[string]string `json:"env"`     // its environment
	Binding string            `json:"binding"` // bindingName
	Assets  string            `json:"assets"`  // server.AssetsPrefix
}

// pageTemplate is the page that loads the test binary: the hook, then the
// tags of [server.Assets.Tags], exactly as a Silcrow page includes them.
// The tests build their own DOM, so the body is empty; the icon link keeps
// the browser from asking for /favicon.ico.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<script>({{.Hook}})({{.Config}}, {{.MemFS}});</script>
{{.Tags}}
</head>
<body></body>
</html>
`))

// site is what wasmexec serves: the page at / and the assets under
// server.AssetsPrefix.
type site struct {
	html   []byte
	assets *server.Assets
}

// newSite serves wasm as silcrow.wasm with execJS as wasm_exec.js, through
// whatever loader server.Assets embeds.
func newSite(wasm, execJS []byte, config pageConfig) (*site, error) {
	assets, err := server.NewAssets(fstest.MapFS{
		"silcrow.wasm": &fstest.MapFile{Data: wasm},
		"wasm_exec.js": &fstest.MapFile{Data: execJS},
	})
	if err != nil {
		return nil, err
	}
	config.Binding = bindingName
	config.Assets = server.AssetsPrefix
	var b bytes.Buffer
	err = pageTemplate.Execute(&b, struct {
		Title  string
		Hook   template.JS
		Config pageConfig
		MemFS  template.JS
		Tags   template.HTML
	}{config.Title, template.JS(hookJS), config, template.JS(memfsJS), assets.Tags()})
	if err != nil {
		return nil, err
	}
	return &site{html: b.Bytes(), assets: assets}, nil
}

func (p *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(p.html)
}

// serve serves p on 127.0.0.1, on a port of the system's choosing, and
// returns the page's URL and a func that stops the server.
func serve(p *site) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(server.AssetsPrefix, p.assets)
	mux.Handle("GET /{$}", p)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	// Serve returns when the server is closed.
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String() + "/", func() { _ = srv.Close() }, nil
}
