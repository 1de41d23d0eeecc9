package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// AssetsPrefix is the URL path [Assets] serves under.
const AssetsPrefix = "/_silcrow/"

// loaderJS defines window.Silcrow as a queueing stub and boots
// silcrow.wasm; see loader.js.
//
//go:embed loader.js
var loaderJS []byte

// servedLoader is loader.js as pages get it: without its comment lines
// and blank lines, which document the source and need not be downloaded.
var servedLoader = stripCommentLines(loaderJS)

// stripCommentLines drops the lines of src that are empty or hold only a
// // comment. loader.js has no multi-line string in which such a line
// could be content.
func stripCommentLines(src []byte) []byte {
	var out []byte
	for _, line := range bytes.SplitAfter(src, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || bytes.HasPrefix(t, []byte("//")) {
			continue
		}
		out = append(out, line...)
	}
	return out
}

// Assets serves the client runtime: silcrow.wasm, the wasm_exec.js of the
// toolchain that built it, and the loader script, under content-hashed
// names (silcrow.<hash>.wasm, wasm_exec.<hash>.js, silcrow.<hash>.js, the
// hash being the first 12 hex digits of the file's SHA-256). A name changes
// whenever its content does, so responses are cached for a year as
// immutable. Mount it without stripping the prefix:
//
//	mux.Handle(server.AssetsPrefix, assets)
//
// Gzip and brotli variants are compressed once, at the highest levels, by
// [NewAssets]; a variant is only served when it is smaller than the file.
// Any other name under the prefix, an old hash included, is 404.
type Assets struct {
	wasm, execJS, loader *asset
	byName               map[string]*asset
	// brotli is closed once every brotli variant is computed; until then
	// clients that accept br get gzip.
	brotli chan struct{}
}

// Sizes are the byte sizes of one asset as served with each encoding.
type Sizes struct {
	Raw, Gzip, Brotli int
}

type asset struct {
	name        string // hashed name, without the prefix
	contentType string
	hash        string
	raw         []byte
	gzip, br    []byte // nil when compression does not make it smaller
	sizes       Sizes
}

// NewAssets reads silcrow.wasm and wasm_exec.js from fsys (usually
// os.DirFS of the directory `make wasm` writes them to) and compresses them
// with the embedded loader. Gzip is ready when NewAssets returns; brotli at
// quality 11 takes seconds for a 4 MB wasm on two cores, so it is computed
// in the background and served from then on ([Assets.BrotliReady]) — a
// server starts at once and a restart is not an outage.
func NewAssets(fsys fs.FS) (*Assets, error) {
	wasm, err := readAsset(fsys, "silcrow.wasm")
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		return nil, fmt.Errorf("server: silcrow.wasm is not a WebAssembly module (run `make wasm`)")
	}
	execJS, err := readAsset(fsys, "wasm_exec.js")
	if err != nil {
		return nil, err
	}
	const js = "text/javascript; charset=utf-8"
	a := &Assets{
		wasm:   newAsset("silcrow", ".wasm", "application/wasm", wasm),
		execJS: newAsset("wasm_exec", ".js", js, execJS),
		loader: newAsset("silcrow", ".js", js, servedLoader),
		brotli: make(chan struct{}),
	}
	a.byName = make(map[string]*asset)
	files := []*asset{a.wasm, a.execJS, a.loader}
	var wg sync.WaitGroup
	for _, f := range files {
		a.byName[f.name] = f
		wg.Go(func() {
			gz := compressGzip(f.raw)
			f.sizes.Gzip = len(gz)
			if len(gz) < len(f.raw) {
				f.gzip = gz
			}
		})
	}
	wg.Wait()
	// Each file's brotli fields are written before a.brotli is closed and
	// read only after it is.
	go func() {
		for _, f := range files {
			br := compressBrotli(f.raw)
			f.sizes.Brotli = len(br)
			if len(br) < len(f.raw) {
				f.br = br
			}
		}
		close(a.brotli)
	}()
	return a, nil
}

// BrotliReady is closed once the brotli variants are computed.
func (a *Assets) BrotliReady() <-chan struct{} { return a.brotli }

func (a *Assets) hasBrotli() bool {
	select {
	case <-a.brotli:
		return true
	default:
		return false
	}
}

// newAsset names raw base.<hash><ext>, the hash being the first 12 hex
// digits of its SHA-256.
func newAsset(base, ext, contentType string, raw []byte) *asset {
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])[:12]
	return &asset{
		name:        base + "." + hash + ext,
		contentType: contentType,
		hash:        hash,
		raw:         raw,
		sizes:       Sizes{Raw: len(raw)},
	}
}

func readAsset(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("server: reading %s for the Silcrow assets (build it with `make wasm`): %w", name, err)
	}
	return b, nil
}

// compressGzip and compressBrotli ignore write errors: writing to a
// bytes.Buffer cannot fail, and the levels are valid constants.
func compressGzip(raw []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	return buf.Bytes()
}

func compressBrotli(raw []byte) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	_, _ = bw.Write(raw)
	_ = bw.Close()
	return buf.Bytes()
}

// Tags returns what a page puts in its <head>: a preload of silcrow.wasm,
// so that its download starts while the scripts before it load, and the
// two script tags, both synchronous so that window.Silcrow exists before
// <body> is parsed:
//
//	<link rel="preload" href="/_silcrow/silcrow.<hash>.wasm" as="fetch" crossorigin>
//	<script src="/_silcrow/wasm_exec.<hash>.js"></script>
//	<script src="/_silcrow/silcrow.<hash>.js" data-wasm="/_silcrow/silcrow.<hash>.wasm"></script>
//
// The preload is made as the loader's fetch will be (CORS mode, same-origin
// credentials), so the loader's fetch takes its response.
func (a *Assets) Tags() template.HTML {
	// The names are hex and fixed text, so nothing here needs escaping.
	wasm := AssetsPrefix + a.wasm.name
	return template.HTML(`<link rel="preload" href="` + wasm + `" as="fetch" crossorigin>` + "\n" +
		`<script src="` + AssetsPrefix + a.execJS.name + `"></script>` + "\n" +
		`<script src="` + AssetsPrefix + a.loader.name + `" data-wasm="` + wasm + `"></script>`)
}

// LoaderSizes returns the size of the loader as served, and of its gzip
// and brotli compressions. It waits for the brotli compression.
func (a *Assets) LoaderSizes() Sizes {
	<-a.brotli
	return a.loader.sizes
}

// WasmSizes returns the size of silcrow.wasm and of its gzip and brotli
// compressions (a compression is served only when it is the smaller). It
// waits for the brotli compression.
func (a *Assets) WasmSizes() Sizes {
	<-a.brotli
	return a.wasm.sizes
}

// ServeHTTP serves GET and HEAD for the hashed names, choosing brotli, gzip
// or no encoding by the request's Accept-Encoding (see [Assets]).
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, AssetsPrefix)
	f := a.byName[name]
	if !ok || f == nil {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	body, etag := f.raw, `"`+f.hash+`"`
	haveBr := a.hasBrotli() && f.br != nil
	switch chooseEncoding(strings.Join(r.Header.Values("Accept-Encoding"), ","), haveBr, f.gzip != nil) {
	case "br":
		body, etag = f.br, `"`+f.hash+`-br"`
		h.Set("Content-Encoding", "br")
	case "gzip":
		body, etag = f.gzip, `"`+f.hash+`-gzip"`
		h.Set("Content-Encoding", "gzip")
	}
	// Each encoding is its own representation, so each has its own ETag.
	h.Set("ETag", etag)
	// ServeContent answers HEAD, If-None-Match and Range requests.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// chooseEncoding picks "br", "gzip" or "" (identity) for an Accept-Encoding
// value: the available coding with the highest q-value wins, ties going to
// br, then gzip, then identity; q=0 refuses a coding. A coding takes the q
// of its own entry (x-gzip counts as gzip), else of "*". Identity competes
// only with a q it is explicitly given (by name or "*"); otherwise it is the
// fallback, also used when everything is refused. An absent or empty value
// gets identity. Malformed entries are ignored.
func chooseEncoding(header string, haveBr, haveGzip bool) string {
	explicit := map[string]int{}
	for _, part := range strings.Split(header, ",") {
		params := strings.Split(part, ";")
		coding := strings.ToLower(strings.TrimSpace(params[0]))
		if coding == "x-gzip" {
			coding = "gzip"
		}
		if !isToken(coding) {
			continue
		}
		q, ok := paramQ(params[1:])
		if !ok {
			continue
		}
		if _, seen := explicit[coding]; !seen {
			explicit[coding] = q
		}
	}
	qOf := func(coding string) int {
		if q, ok := explicit[coding]; ok {
			return q
		}
		return explicit["*"]
	}
	best, bestQ := "", 0
	if haveBr {
		best, bestQ = "br", qOf("br")
	}
	if q := qOf("gzip"); haveGzip && q > bestQ {
		best, bestQ = "gzip", q
	}
	if q := qOf("identity"); q > bestQ {
		best, bestQ = "", q
	}
	if bestQ == 0 {
		return ""
	}
	return best
}
