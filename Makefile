# Beleving: two commands.
#   make run    install what is missing, build, serve the demo workspace
#   make test   install what is missing, build, run every test (also under ASan+UBSan)

SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build/asan
DATA ?= data
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

# Debian 12 packages the build, the tests and the benchmarks need.
PACKAGES := build-essential cmake ninja-build pkg-config \
  libboost1.81-dev libboost-json1.81-dev libsqlite3-dev sqlite3 libsodium-dev \
  libfmt-dev libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev \
  libcurl4-openssl-dev libqrencode-dev libstemmer-dev libpq-dev libzip-dev libexpat1-dev \
  libpng-dev libgmime-3.0-dev \
  python3 chromium clang-14 libclang-rt-14-dev postgresql wrk nginx-light curl

.PHONY: run test deps build asan unit clean format npm-deps web-deps fuzz

run: build
	@echo "Starting the Beleving demo on http://$(LISTEN)/ (data in $(DATA)/)"
	./$(BUILD)/beleving demo --data $(DATA) --listen $(LISTEN)

test: build npm-deps
	cd $(BUILD) && ctest --output-on-failure --timeout 900 -j2
	$(MAKE) asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure --timeout 900 -j2 -LE 'browser|slow'
	$(MAKE) fuzz

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing Debian packages. Run as root:"; \
	    echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi; \
	if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq nodejs npm; \
	  else echo "Missing node and npm. Run as root: sudo apt-get install -y nodejs npm"; exit 1; fi; \
	fi

npm-deps: deps
	@if [ ! -d tests/browser/node_modules ]; then cd tests/browser && npm ci --no-audit --no-fund --loglevel=error; fi

# The dashboard's browser libraries (uPlot), pinned by web/package-lock.json
# and embedded into the binary by CMake; the build fails without them.
web-deps: deps
	@if [ ! -f web/node_modules/uplot/dist/uPlot.iife.min.js ]; then cd web && npm ci --no-audit --no-fund --loglevel=error; fi

build: deps web-deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	ninja -C $(BUILD) -j $(JOBS)

asan: deps web-deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DBELEVING_SANITIZE=ON \
	  -DBELEVING_BENCHMARKS=OFF >/dev/null
	ninja -C $(ASAN_BUILD) -j $(JOBS) beleving beleving_unit_tests beleving_conformance_tests

# libFuzzer targets (src/**/*_fuzz.cc), clang-14 + ASan/UBSan, ~20 s each.
fuzz: deps
	tools/fuzz/run_fuzzers.sh

format:
	find src -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
