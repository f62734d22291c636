# loomctl — build, test, demo, benchmarks, install.
# `make test` and `make demo` install what they need on a fresh Debian machine (apt + pip).

SWIFT      ?= swift
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man/man1
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
APT_PACKAGES = libhiredis-dev libcurl4-openssl-dev libreadline-dev redis-server pkg-config python3-pip zsh fish
PIP_PACKAGES = mmh3 uhashring pexpect azure-cosmos

.PHONY: all build release deps test demo bench fuzz install clean

all: build

## deps: install system libraries, redis-server and the Python reference implementations used by tests
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@python3 -c "import mmh3, uhashring, pexpect, azure.cosmos" 2>/dev/null || python3 -m pip install -q $(PIP_PACKAGES) || \
		echo "warning: could not pip install $(PIP_PACKAGES); live reference cross-checks (and the azure-cosmos signature check) will be skipped"

build: deps
	$(SWIFT) build

## release: statically linked Swift runtime: start-up drops from ~24 ms to ~13 ms (docs/benchmarks.md)
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product loomctl

## test: everything the tests need (apt packages, redis-server binaries started per suite by the harness), then swift test
test: deps
	$(SWIFT) build --build-tests
	# Serial: many tests make blocking Redis calls from async code, and on a 2-core box parallel suites
	# starve each other's cooperative threads (timing flakes). ~430 tests take ~8 minutes this way.
	$(SWIFT) test --skip-build --no-parallel

## demo: a throwaway redis-server, a seeded registry, and a tour of the commands
demo: release
	@bash scripts/demo.sh "$$(pwd)/.build/release/loomctl"

## bench: release benchmarks (see docs/benchmarks.md)
bench: deps
	@command -v hyperfine >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq hyperfine >/dev/null; }
	$(SWIFT) build -c release --static-swift-stdlib --product loomctl
	$(SWIFT) build -c release --static-swift-stdlib --product LoomBench
	bash scripts/bench.sh

## fuzz: libFuzzer targets under Fuzz/ (SSE parser, …), FUZZ_SECONDS each (default 60); not part of `make test`
fuzz:
	bash scripts/fuzz.sh

install: release
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 .build/release/loomctl $(DESTDIR)$(BINDIR)/loomctl
	@if ls man/*.1 >/dev/null 2>&1; then install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/; fi
	@if [ -f completions/loomctl.bash ]; then install -m 0644 completions/loomctl.bash $(DESTDIR)$(BASHCOMPDIR)/loomctl; fi
	@if [ -f completions/_loomctl ]; then install -m 0644 completions/_loomctl $(DESTDIR)$(ZSHCOMPDIR)/_loomctl; fi
	@if [ -f completions/loomctl.fish ]; then install -m 0644 completions/loomctl.fish $(DESTDIR)$(FISHCOMPDIR)/loomctl.fish; fi

clean:
	rm -rf .build

## completions, man: regenerate the committed completion scripts and man pages from the command tree
.PHONY: completions man
completions: build
	.build/debug/loomctl __generate completions completions

man: build
	.build/debug/loomctl __generate man man
