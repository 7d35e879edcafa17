# Makefile — builds zmqlab, its tests and its benchmark (GNU make).
#
#   make                 build ./zmqlab and the tests
#   make run [ARGS=…]    build and start ./zmqlab
#   make test            build, then run every tests/test_*.c, tests/tui/*.sh
#                        and tests/cli/*.sh, and replay tests/fuzz/corpus
#   make fuzz [FUZZ_SECONDS=60]
#                        fuzz what reads a peer's bytes with libFuzzer (needs
#                        clang; see tests/fuzz/README.md)
#   make bench           build and run the benchmark (bench/*.c)
#   make SANITIZER=address|undefined|thread …   the same, instrumented
#   make clean
#
# Dependencies come from pkg-config. When one is missing, make runs
# scripts/install-deps.sh once, before any flags are computed. (make fuzz
# needs none of them, only clang, and checks for that itself.)

SHELL := /bin/bash
.DEFAULT_GOAL := all

PKG_CONFIG ?= pkg-config
SANITIZER ?=
TEST_TIMEOUT ?= 300
ARGS ?=
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60

# ---------------------------------------------------------------------------
# Dependencies: check, install what is missing, then compute the flags.

NODEPS_GOALS := clean help fuzz
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)

TUI_TESTS := $(filter-out tests/tui/lib.sh,$(wildcard tests/tui/*.sh))

# Prints the name of each missing dependency (nothing when all are there).
DEPS_CHECK := \
    command -v $(firstword $(CC)) >/dev/null 2>&1 || echo $(firstword $(CC)); \
    command -v $(PKG_CONFIG) >/dev/null 2>&1 || { echo pkg-config; exit 0; }; \
    for m in libzmq ncursesw cmocka; do \
        $(PKG_CONFIG) --exists $$m || echo $$m; \
    done; \
    $(PKG_CONFIG) --atleast-version=5.4 lua5.4 \
        || $(PKG_CONFIG) --atleast-version=5.4 lua-5.4 \
        || $(PKG_CONFIG) --atleast-version=5.4 lua || echo lua5.4; \
    $(if $(TUI_TESTS),command -v tmux >/dev/null 2>&1 || echo tmux;) true

MISSING := $(shell $(DEPS_CHECK))
ifneq ($(strip $(MISSING)),)
    $(info zmqlab: missing $(MISSING); running scripts/install-deps.sh)
    $(shell sh scripts/install-deps.sh >&2)
    ifneq ($(.SHELLSTATUS),0)
        $(error scripts/install-deps.sh failed; install the packages it named, then run make again)
    endif
    MISSING := $(shell $(DEPS_CHECK))
    ifneq ($(strip $(MISSING)),)
        $(error still missing after scripts/install-deps.sh: $(MISSING))
    endif
endif

LUA_PC := $(firstword $(foreach m,lua5.4 lua-5.4 lua,\
    $(shell $(PKG_CONFIG) --atleast-version=5.4 $(m) && echo $(m))))
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libzmq $(LUA_PC) ncursesw)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs libzmq $(LUA_PC) ncursesw) -lm
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka)

endif

# ---------------------------------------------------------------------------
# Flags. Each sanitizer builds into its own directory, so objects never mix.

ifeq ($(SANITIZER),)
    BUILD := build/default
    ZMQLAB := zmqlab
    BENCH := build/bench
    OPT := -O2
else
    BUILD := build/$(SANITIZER)
    ZMQLAB := $(BUILD)/zmqlab
    # Not $(BUILD)/bench: that directory holds the benchmark's objects.
    BENCH := $(BUILD)/bench.bin
    OPT := -O1
    ifeq ($(SANITIZER),address)
        SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
    else ifeq ($(SANITIZER),undefined)
        SAN_FLAGS := -fsanitize=undefined -fno-sanitize-recover=undefined
    else ifeq ($(SANITIZER),thread)
        SAN_FLAGS := -fsanitize=thread
        # Debian's libzmq is not built with TSan: without these suppressions
        # every test would report races TSan cannot see are none. A caller's
        # own TSAN_OPTIONS win.
        TSAN_OPTIONS ?= suppressions=$(CURDIR)/scripts/tsan.supp halt_on_error=1 second_deadlock_stack=1
        export TSAN_OPTIONS
    else
        $(error SANITIZER must be address, undefined or thread, not "$(SANITIZER)")
    endif
    SAN_FLAGS += -fno-omit-frame-pointer
endif

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CFLAGS ?= $(OPT) -g
# Only src/ is on the include path: an include names its layer ("engine/lab.h").
ALL_CPPFLAGS := -D_DEFAULT_SOURCE -Isrc $(CPPFLAGS)
ALL_CFLAGS := -std=c11 $(WARNINGS) -pthread -MMD -MP $(SAN_FLAGS) $(DEP_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := -pthread $(SAN_FLAGS) $(LDFLAGS)

# ---------------------------------------------------------------------------
# Sources. Every src/<module>/*.c (engine now; lesson and tui later) goes into
# one static library that zmqlab, the tests and the benchmark link.

LIB_SRCS := $(wildcard src/*/*.c)
TEST_SRCS := $(wildcard tests/test_*.c)
CLI_TESTS := $(wildcard tests/cli/*.sh)
# Outside programs (pyzmq) against zmqlab over tcp and ipc; lib.sh is shared.
PEER_TESTS := $(filter-out tests/peers/lib.sh,$(wildcard tests/peers/*.sh))
BENCH_SRCS := $(wildcard bench/*.c)
FUZZ_CORPUS := tests/fuzz/corpus

LIB := $(BUILD)/libzmqlab.a
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
TEST_BINS := $(TEST_SRCS:%.c=$(BUILD)/%)
BENCH_OBJS := $(BENCH_SRCS:%.c=$(BUILD)/%.o)
# The fuzz target built with the normal compiler and driven by replay.c:
# make test runs it on the corpus.
REPLAY_OBJS := $(BUILD)/tests/fuzz/replay.o $(BUILD)/tests/fuzz/fuzz_peer_bytes.o
REPLAY := $(BUILD)/tests/fuzz/replay

.PHONY: all tests run test fuzz bench clean help

all: $(ZMQLAB) tests

tests: $(TEST_BINS) $(REPLAY)

$(LIB_OBJS) $(MAIN_OBJ) $(TEST_OBJS) $(BENCH_OBJS) $(REPLAY_OBJS): $(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

# Where zmqlab looks for lessons when nothing else is found: this source tree.
$(MAIN_OBJ): ALL_CPPFLAGS += -DZMQLAB_DATADIR='"$(CURDIR)/lessons"'

$(TEST_OBJS): ALL_CFLAGS += $(CMOCKA_CFLAGS)

$(LIB): $(LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(ZMQLAB): $(MAIN_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(TEST_BINS): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(DEP_LIBS)

$(BENCH): $(BENCH_OBJS) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

# Only the library's pure modules get linked in: stamp, bytes, text, utf8.
$(REPLAY): $(REPLAY_OBJS) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

run: $(ZMQLAB)
	./$(ZMQLAB) $(ARGS)

# Runs each test executable from the repository root (they find lessons/
# there), then each tests/tui/*.sh, tests/cli/*.sh and tests/peers/*.sh with $ZMQLAB naming
# the binary. Counts cmocka's test cases; an executable that fails outside
# them (a crash, a sanitizer report at exit, a timeout) counts as one more
# failure. The fuzz corpus replay runs after the executables and counts as
# one test, as each script does.
test: $(ZMQLAB) $(TEST_BINS) $(REPLAY)
	@passed=0; failed=0; skipped=0; failures=""; \
	count () { sed -n "s/^\[  $$1 *\] \([0-9][0-9]*\) test.*/\1/p" "$$2" \
	           | awk '{ n += $$1 } END { print n + 0 }'; }; \
	for t in $(TEST_BINS); do \
	    echo "=== $$t"; \
	    timeout -k 10 $(TEST_TIMEOUT) ./$$t 2>&1 | tee $$t.log; \
	    rc=$${PIPESTATUS[0]}; \
	    p=$$(count PASSED $$t.log); f=$$(count FAILED $$t.log); s=$$(count SKIPPED $$t.log); \
	    if [ $$rc -eq 124 ] || [ $$rc -eq 137 ]; then \
	        echo "$$t: timed out after $(TEST_TIMEOUT) s"; \
	    fi; \
	    if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then f=1; fi; \
	    if [ $$rc -eq 0 ] && [ $$p -eq 0 ] && [ $$s -eq 0 ]; then p=1; fi; \
	    if [ $$rc -ne 0 ]; then failures="$$failures $$t(exit $$rc)"; fi; \
	    passed=$$((passed + p)); failed=$$((failed + f)); skipped=$$((skipped + s)); \
	done; \
	echo "=== $(REPLAY) $(FUZZ_CORPUS)"; \
	timeout -k 10 $(TEST_TIMEOUT) ./$(REPLAY) $(FUZZ_CORPUS) > $(REPLAY).log 2>&1; rc=$$?; \
	tail -n 1 $(REPLAY).log; \
	if [ $$rc -eq 0 ]; then passed=$$((passed + 1)); \
	else cat $(REPLAY).log; failed=$$((failed + 1)); failures="$$failures $(REPLAY)(exit $$rc)"; fi; \
	for s in $(TUI_TESTS) $(CLI_TESTS) $(PEER_TESTS); do \
	    echo "=== $$s"; \
	    ZMQLAB=$(CURDIR)/$(ZMQLAB) timeout -k 10 $(TEST_TIMEOUT) bash $$s; rc=$$?; \
	    if [ $$rc -eq 0 ]; then passed=$$((passed + 1)); \
	    else failed=$$((failed + 1)); failures="$$failures $$s(exit $$rc)"; fi; \
	done; \
	echo; \
	if [ -n "$$failures" ]; then echo "failed:$$failures"; fi; \
	if [ $$skipped -gt 0 ]; then \
	    echo "$$passed passed, $$failed failed, $$skipped skipped"; \
	else \
	    echo "$$passed passed, $$failed failed"; \
	fi; \
	[ $$failed -eq 0 ] && [ -z "$$failures" ]

# libFuzzer, with ASan and UBSan, on what reads a peer's bytes. Built with
# clang apart from everything else (its own flags, only the sources it
# needs) and run on a copy of the corpus in build/fuzz/corpus: what it finds
# stays out of the repository until someone adds it on purpose.
FUZZ_DIR := build/fuzz
FUZZ_BIN := $(FUZZ_DIR)/fuzz_peer_bytes
FUZZ_SRCS := tests/fuzz/fuzz_peer_bytes.c src/engine/stamp.c src/engine/bytes.c \
             src/tui/text.c src/tui/utf8.c
FUZZ_HDRS := src/engine/stamp.h src/engine/bytes.h src/tui/text.h src/tui/utf8.h
FUZZ_FLAGS := -std=c11 $(WARNINGS) -g -O1 -fno-omit-frame-pointer \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

$(FUZZ_BIN): $(FUZZ_SRCS) $(FUZZ_HDRS)
	@command -v $(firstword $(FUZZ_CC)) >/dev/null 2>&1 || { \
	    echo "make fuzz: $(FUZZ_CC) not found; install it (Debian, Ubuntu: apt-get install clang)"; \
	    exit 1; }
	@mkdir -p $(@D)
	@echo 'int LLVMFuzzerTestOneInput (const char *d, unsigned long n) { return !d + !n; }' \
	    | $(FUZZ_CC) -fsanitize=fuzzer -x c - -o $(@D)/probe >/dev/null 2>&1 || { \
	    v=$$($(FUZZ_CC) -dumpversion | cut -d. -f1); \
	    echo "make fuzz: $(FUZZ_CC) cannot link libFuzzer (libclang_rt.fuzzer); install"; \
	    echo "  libclang-rt-$$v-dev (Debian 12, Ubuntu 22.04 and later) or"; \
	    echo "  libclang-common-$$v-dev (older releases)"; \
	    exit 1; }
	@rm -f $(@D)/probe
	$(FUZZ_CC) -D_DEFAULT_SOURCE -Isrc $(FUZZ_FLAGS) \
	    -o $@ $(FUZZ_SRCS)

fuzz: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_DIR)/corpus
	cp $(FUZZ_CORPUS)/* $(FUZZ_DIR)/corpus/
	./$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=70000 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus

ifeq ($(BENCH_SRCS),)
bench:
	@echo "make bench: no benchmark yet (no bench/*.c); nothing to run"
else
bench: $(BENCH)
	./$(BENCH)
endif

clean:
	rm -rf build zmqlab

help:
	@sed -n '3,13s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BINS:=.d) $(BENCH_OBJS:.o=.d) \
    $(REPLAY_OBJS:.o=.d)
