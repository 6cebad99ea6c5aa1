# ffisan — top-level build. `make` builds build/libffisan.so and leaves
# scripts/ffisan-run usable from the checkout; `make test` runs the unit and
# end-to-end suites; `make demo` runs ffisan on a bundled example;
# `make bench` measures overhead; `make install PREFIX=...` installs.
PREFIX ?= /usr/local
BUILD  := build
CC     := gcc
DEPS_STAMP := $(BUILD)/.deps-ok

RT_SRCS := $(sort $(wildcard runtime/*.c))
RT_OBJS := $(patsubst runtime/%.c,$(BUILD)/rt/%.o,$(RT_SRCS))
RT_CFLAGS := -std=gnu11 -O2 -g -fPIC -fvisibility=hidden -fno-omit-frame-pointer \
  -fno-stack-protector -ftls-model=initial-exec -fno-builtin -fno-optimize-sibling-calls \
  -fno-tree-loop-distribute-patterns \
  -Wall -Wextra -Wno-unused-parameter -iquote runtime -Iinclude -D_GNU_SOURCE
RT_LIBS := -Wl,--exclude-libs,ALL /usr/lib/x86_64-linux-gnu/libiberty.a -ldw -lelf -llzma -ldl -lpthread
LIB := $(BUILD)/libffisan.so

# The instrumentation pass plugin: C over LLVM-C plus a C++ registration
# shim, built with -fno-rtti and NOT linked against libLLVM (the host, clang
# or rustc, provides LLVM).
LLVM_CONFIG := llvm-config-22
PASS := $(BUILD)/libffisan-pass.so
PASS_SRCS := $(sort $(wildcard instrument/*.c))
PASS_OBJS := $(patsubst instrument/%.c,$(BUILD)/pass/%.o,$(PASS_SRCS)) $(BUILD)/pass/plugin.o
PASS_FLAGS := -O2 -g -fPIC -fvisibility=hidden -DNDEBUG -Wall
# Do-nothing runtime that ffisan-rustc links into build scripts and
# proc-macros (whose dependencies may be instrumented).
HOST_STUB := $(BUILD)/ffisan-hoststub.o

UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))

.PHONY: all deps test unit e2e cargo demo bench install clean instrument-test instrument-zlib
all: $(LIB) $(PASS) $(HOST_STUB)

$(DEPS_STAMP): scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@scripts/install-deps.sh
	@touch $@

$(BUILD)/rt/%.o: runtime/%.c $(wildcard runtime/*.h runtime/*.inc include/*.h) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -c $< -o $@

$(LIB): $(RT_OBJS)
	$(CC) -shared -o $@ $(RT_OBJS) -Wl,-soname,libffisan.so -Wl,-z,nodelete -Wl,--version-script=runtime/exports.map $(RT_LIBS)

$(BUILD)/pass/%.o: instrument/%.c instrument/ffisan_pass.h $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	clang-22 -std=c11 $(PASS_FLAGS) -Wextra $$($(LLVM_CONFIG) --cflags) -c $< -o $@

$(BUILD)/pass/plugin.o: instrument/plugin.cpp $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	clang++-22 $$($(LLVM_CONFIG) --cxxflags) -fno-rtti $(PASS_FLAGS) -c $< -o $@

$(PASS): $(PASS_OBJS)
	clang++-22 -shared -o $@ $(PASS_OBJS)

$(HOST_STUB): instrument/host/stub.c include/ffisan_rt.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -fPIC -Wall -Wextra -c $< -o $@

instrument-test: $(LIB) $(PASS) $(HOST_STUB)
	@tests/instrument/run.sh

# zlib from Debian's source package built with ffisan-cc: its own tests and
# a round trip under ffisan, zero reports (first run fetches the source).
instrument-zlib: all
	@tests/instrument/zlib.sh

$(BUILD)/unit/%: tests/unit/%.c $(RT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -g -Iruntime -Iinclude -D_GNU_SOURCE -o $@ $< $(RT_OBJS) $(RT_LIBS) -lcriterion

unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do $$t --jobs 1 || fail=1; done; exit $$fail

e2e: $(LIB)
	@tests/e2e/run.sh

cargo: $(LIB)
	@tests/cargo/run.sh

# Third-party Rust+C suites (rusqlite, flate2 from Debian's packages) natively
# and under ffisan; realworld-quick: rusqlite under ffisan only (under a minute
# with a cold build/realworld, once tests/realworld/install.sh has run).
.PHONY: realworld realworld-quick
realworld: $(LIB)
	@tests/realworld/run.sh

realworld-quick: $(LIB)
	@tests/realworld/run.sh --quick

test: all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory instrument-test
	@$(MAKE) --no-print-directory instrument-zlib
	@tests/fuzz/run.sh
	@tests/fuzz/afl.sh
	@$(MAKE) --no-print-directory cargo
	@$(MAKE) --no-print-directory realworld-quick

demo: $(LIB)
	@tests/demo/run.sh

bench: all
	@scripts/bench.sh

install: all
	install -d $(PREFIX)/lib/ffisan $(PREFIX)/bin $(PREFIX)/include/ffisan
	install -m 755 $(LIB) $(PASS) $(PREFIX)/lib/ffisan/
	install -m 644 $(HOST_STUB) $(PREFIX)/lib/ffisan/
	install -m 644 include/*.h $(PREFIX)/include/ffisan/
	sed 's|^FFISAN_LIB_DEFAULT=.*|FFISAN_LIB_DEFAULT=$(PREFIX)/lib/ffisan/libffisan.so|' scripts/ffisan-run > $(PREFIX)/bin/ffisan-run
	for w in ffisan-cc ffisan-rustc; do \
	  sed 's|^FFISAN_LIBDIR_DEFAULT=.*|FFISAN_LIBDIR_DEFAULT=$(PREFIX)/lib/ffisan|' scripts/$$w > $(PREFIX)/bin/$$w; done
	install -m 755 scripts/ffisan-c++ $(PREFIX)/bin/
	chmod 755 $(PREFIX)/bin/ffisan-run $(PREFIX)/bin/ffisan-cc $(PREFIX)/bin/ffisan-rustc

clean:
	rm -rf $(BUILD)
