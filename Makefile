# The targets a maintainer needs; `make help` lists them.
GO ?= go
NPM ?= npm
PKGS ?= ./...

.PHONY: help spec spec-update generate test race interop lint cover bench fuzz conformance ci

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

spec: ## Re-slice spec/ from the pinned @octokit/openapi (npm ci, then spec/cmd/slice)
	$(NPM) ci --prefix spec/upstream --no-audit --no-fund
	$(GO) run ./spec/cmd/slice

spec-update: ## Pin @octokit/openapi VERSION=x.y.z, re-slice, regenerate gen/, report to spec/CHANGELOG.md (npm)
	@test -n "$(VERSION)" || { echo "usage: make spec-update VERSION=x.y.z"; exit 2; }
	$(GO) run ./spec/cmd/update -version '$(VERSION)' -npm '$(NPM)'

generate: ## Regenerate gen/ from spec/codespaces.yaml (offline)
	$(GO) generate ./...

test: ## Run every test (what a newcomer runs)
	$(GO) test $(PKGS)

race: ## Run every test under the race detector (needs a C compiler)
	$(GO) test -race $(PKGS)

interop: ## Octokit and libsodium against the mock (npm ci, then the interop tests; needs Node 20+)
	$(NPM) ci --prefix conformance/interop/octokit --no-audit --no-fund
	$(GO) test -count=1 ./conformance/interop/...

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

cover: ## Statement coverage per package, and coverage.html
	$(GO) test -coverprofile=coverage.out $(PKGS)
	$(GO) tool cover -func=coverage.out | tail -n 1
	$(GO) tool cover -html=coverage.out -o coverage.html

bench: ## Benchmarks (client overhead, validation cost, mock throughput)
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

fuzz: ## Each fuzz target for FUZZTIME (default 20s)
	@$(GO) list -f '{{.ImportPath}}' $(PKGS) | while read p; do \
	  for t in $$($(GO) test -list '^Fuzz' $$p | grep '^Fuzz'); do \
	    echo "== $$p $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $${FUZZTIME:-20s} $$p || exit 1; \
	  done; done

conformance: ## The main job: every scenario against the embedded mock, with a report
	$(GO) run ./conformance/cmd/conformance

ci: ## What CI runs
	bash .ci/run
