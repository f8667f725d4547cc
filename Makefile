# Postdesk: the two commands of the README, and the steps they are made of.
#   make run    install what is missing, build, and open the app (on the demo blog, or BLOG=path)
#   make test   install what is missing, then every check and test, as CI runs them
SHELL := /bin/bash
CARGO ?= cargo
BLOG ?=

.PHONY: run test setup setup-test ui lint test-rust test-ui test-e2e app bindings bench bench-ui

run: setup ui
	$(CARGO) run -p postdesk-app -- $(BLOG)

test: setup-test ui lint test-rust test-ui app test-e2e

setup:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

# The shell embeds ui/dist at compile time, so the UI is built before any cargo step of it.
ui:
	cd ui && npm run build --silent

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	cd ui && npx tsc --noEmit && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output human

# Tests that need the shared corpus or a system tool fail when it is missing, unless the run
# says it has none (POSTDESK_NO_CORPUS=1, POSTDESK_NO_TOOLS=1): then they are listed here.
test-rust:
	@rm -f target/skipped-tests.txt
	$(CARGO) test --workspace
	@if [ -s target/skipped-tests.txt ]; then echo "Skipped (the run said it has no corpus or tool):"; sort -u target/skipped-tests.txt; fi

test-ui:
	cd ui && npx vitest run

app:
	$(CARGO) build -p postdesk-app

test-e2e:
	scripts/e2e.sh

# Regenerate ui/src/lib/bindings/*.ts from the Rust types.
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test --workspace bindings

bench:
	$(CARGO) bench -p postdesk-core

# The fast preview against the sites' own Markdown renderers: kramdown over the shared corpus,
# Hugo's goldmark over tests/fixtures/hugo-fidelity. Prints the shares of identical text blocks
# and heading ids and the differences by cause (target/fidelity-*.txt). Needs Debian's
# ruby-kramdown, ruby-kramdown-parser-gfm, ruby-rouge and hugo.
.PHONY: fidelity
fidelity:
	$(CARGO) test -p postdesk-core --test fidelity -- --ignored --nocapture --test-threads 1

# The UI's benchmarks (ui/src/**/*.bench.ts): each prints how many times faster than a naive
# reference run beside it in the same process.
bench-ui:
	cd ui && npx vitest bench --run
