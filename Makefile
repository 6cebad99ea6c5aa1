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

UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))

.PHONY: all deps test unit e2e cargo demo bench install clean
all: $(LIB)

$(DEPS_STAMP): scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@scripts/install-deps.sh
	@touch $@

$(BUILD)/rt/%.o: runtime/%.c $(wildcard runtime/*.h runtime/*.inc include/*.h) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -c $< -o $@

$(LIB): $(RT_OBJS)
	$(CC) -shared -o $@ $(RT_OBJS) -Wl,-soname,libffisan.so -Wl,-z,nodelete -Wl,--version-script=runtime/exports.map $(RT_LIBS)

$(BUILD)/unit/%: tests/unit/%.c $(RT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -g -Iruntime -Iinclude -D_GNU_SOURCE -o $@ $< $(RT_OBJS) $(RT_LIBS) -lcriterion

unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do $$t --jobs 1 || fail=1; done; exit $$fail

e2e: $(LIB)
	@tests/e2e/run.sh

cargo: $(LIB)
	@tests/cargo/run.sh

test: $(LIB)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory cargo

demo: $(LIB)
	@tests/demo/run.sh

bench: $(LIB)
	@scripts/bench.sh

install: $(LIB)
	install -d $(PREFIX)/lib/ffisan $(PREFIX)/bin $(PREFIX)/include/ffisan
	install -m 755 $(LIB) $(PREFIX)/lib/ffisan/
	$(if $(wildcard include/*.h),install -m 644 $(wildcard include/*.h) $(PREFIX)/include/ffisan/)
	sed 's|^FFISAN_LIB_DEFAULT=.*|FFISAN_LIB_DEFAULT=$(PREFIX)/lib/ffisan/libffisan.so|' scripts/ffisan-run > $(PREFIX)/bin/ffisan-run
	chmod 755 $(PREFIX)/bin/ffisan-run

clean:
	rm -rf $(BUILD)
