# Silcrow for Go. `make run` starts the demo, `make test` runs every test
# (browser tests included) and installs what it needs on Debian when missing.

GO        ?= go
ADDR      ?= 127.0.0.1:8080
CHROMIUM  ?= /usr/bin/chromium
BIN       := $(CURDIR)/bin
GOROOT    := $(shell $(GO) env GOROOT)
# silcrow.wasm's build flags; e2e/internal/wasmbuild says why, and the
# browser tests and benchmarks build with the same.
WASMFLAGS := -trimpath -ldflags='-s -w' -gcflags='github.com/silcrow/silcrow/...=-l'

.PHONY: run test wasm e2e unit wasmtest deps chromium bench clean typecheck

run: wasm
	$(GO) run ./cmd/silcrow-demo -addr $(ADDR)

# Two demo instances sharing the chat through NATS JetStream: the first, on
# CLUSTER_ADDR1, runs an embedded NATS server on NATS_ADDR (its stream kept
# in bin/nats across restarts); the second, on CLUSTER_ADDR2, connects to
# it. Ctrl-C stops both; README says how to restart one alone.
CLUSTER_ADDR1 ?= 127.0.0.1:8080
CLUSTER_ADDR2 ?= 127.0.0.1:8081
NATS_ADDR     ?= 127.0.0.1:4222

.PHONY: run-cluster
run-cluster: wasm
	$(GO) build -o $(BIN)/silcrow-demo ./cmd/silcrow-demo
	@trap 'kill $$first $$second 2>/dev/null; wait' INT TERM EXIT; \
	$(BIN)/silcrow-demo -addr $(CLUSTER_ADDR1) -nats-listen $(NATS_ADDR) -nats-store $(BIN)/nats & first=$$!; \
	$(BIN)/silcrow-demo -addr $(CLUSTER_ADDR2) -nats nats://$(NATS_ADDR) & second=$$!; \
	wait

# silcrow.wasm and the wasm_exec.js of the same toolchain, at the repo root.
wasm:
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o silcrow.wasm ./cmd/silcrow-wasm
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" wasm_exec.js

test: deps typecheck unit wasmtest e2e

# Native tests, race detector on, and the wasm packages' vet.
unit:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./client/... ./cmd/silcrow-wasm
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v /e2e)
	# 10,000 held connections: more goroutines than the race detector allows.
	$(GO) test -count=1 -run '^TestHubHolds10000Connections$$' ./server/

# Tests of the browser layer compiled to wasm and run inside headless
# Chromium by our runner (e2e/internal/wasmexec), which loads each test
# binary through the real loader, as a page loads silcrow.wasm.
wasmtest: deps
	$(GO) build -o $(BIN)/wasmexec ./e2e/internal/wasmexec
	SILCROW_CHROME=$(CHROMIUM) GOOS=js GOARCH=wasm $(GO) test -count=1 -exec $(BIN)/wasmexec ./client/... ./cmd/silcrow-wasm

e2e: deps wasm
	SILCROW_CHROME=$(CHROMIUM) $(GO) test -count=1 -timeout 20m ./e2e/...

# Go benchmarks, then the browser scenarios S1-S7 against the plain-JS
# reference client (SILCROW_BENCH_RUNS runs per client, default 3).
bench: deps wasm
	$(GO) test -run '^$$' -bench . -benchmem ./wire/... ./server/ ./client/...
	SILCROW_CHROME=$(CHROMIUM) $(GO) test -run '^$$' -bench . -benchtime=1x -timeout 15m ./e2e/bench/

deps: chromium
	$(GO) mod download

# Headless Chromium from Debian, installed when missing.
chromium:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { \
		echo "installing chromium with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The TypeScript declarations of window.Silcrow (web/silcrow.d.ts), checked
# with tsc --strict against a page script that uses every one of them and
# misuses some on purpose (web/typecheck). TypeScript $(TS_VERSION) comes
# from the npm registry into bin/npm when that version is not there; node
# and npm come from Debian, installed when npm is missing.
TS_VERSION := 5.9.3
TSC        := $(BIN)/npm/node_modules/.bin/tsc

typecheck:
	@command -v npm >/dev/null 2>&1 || { \
		echo "installing nodejs and npm with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@[ "$$($(TSC) --version 2>/dev/null)" = "Version $(TS_VERSION)" ] || \
		npm install --prefix $(BIN)/npm --no-audit --no-fund --loglevel=error typescript@$(TS_VERSION)
	$(TSC) --noEmit -p web/typecheck/tsconfig.json

clean:
	rm -rf silcrow.wasm wasm_exec.js $(BIN)
