# Makefile — builds zmqlab, its tests and its benchmark (GNU make).
#
#   make                 build ./zmqlab (and the unit tests, when cmocka is there)
#   make run [ARGS=…]    build and start ./zmqlab
#   make test [JOBS=N]   build, then run every tests/test_*.c, tests/tui/*.sh,
#                        tests/cli/*.sh and tests/peers/*.sh, N at a time,
#                        and replay each fuzz target's corpus (tests/fuzz/corpus)
#   make install [PREFIX=/usr/local] [DESTDIR=]
#   make uninstall [PREFIX=/usr/local] [DESTDIR=]
#   make fuzz [FUZZ_TARGET=all|peer_bytes|progress|args|lesson|params] [FUZZ_SECONDS=60]
#                        fuzz what reads untrusted bytes with libFuzzer, each
#                        target FUZZ_SECONDS (needs clang; see tests/fuzz/README.md)
#   make bench           build and run the benchmark (bench/*.c)
#   make SANITIZER=address|undefined|thread …   the same, instrumented
#   make clean
#
# Dependencies: scripts/install-deps.sh holds the one list. make run and make
# test install what is missing with it (sudo when not root); every other goal
# only checks and says what to run.

SHELL := /bin/bash
.DEFAULT_GOAL := all

PKG_CONFIG ?= pkg-config
SANITIZER ?=
TEST_TIMEOUT ?= 300
ARGS ?=
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
# Tests run at once by make test: twice the CPUs, as most of a test's time
# is spent waiting for a screen or a peer (measured on 2 CPUs: 2 jobs 95 s,
# 4 jobs 61 s, 8 jobs 56 s, one at a time 111 s).
JOBS ?= $(shell echo $$((2 * $$(nproc 2>/dev/null || echo 1))))

# The version, defined here only: zmqlab --version and the man page say it.
VERSION := 0.2.0

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DOCDIR ?= $(DATADIR)/doc/zmqlab

# ---------------------------------------------------------------------------
# Dependencies: check, install what is missing, then compute the flags.

NODEPS_GOALS := clean help fuzz uninstall
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)

TUI_TESTS := $(filter-out tests/tui/lib.sh,$(wildcard tests/tui/*.sh))

# make test needs more than the program (cmocka, tmux, ps, pyzmq); the
# goals that build and run only zmqlab need its libraries alone.
ifneq ($(filter test,$(MAKECMDGOALS)),)
    DEPS_GOAL := test
else
    DEPS_GOAL := build
endif
DEPS_CHECK := CC='$(CC)' PKG_CONFIG='$(PKG_CONFIG)' sh scripts/install-deps.sh --check $(DEPS_GOAL)

MISSING := $(shell $(DEPS_CHECK))
ifneq ($(strip $(MISSING)),)
    ifneq ($(filter run test,$(MAKECMDGOALS)),)
        $(info zmqlab: missing $(MISSING); running scripts/install-deps.sh $(DEPS_GOAL))
        $(shell CC='$(CC)' PKG_CONFIG='$(PKG_CONFIG)' sh scripts/install-deps.sh $(DEPS_GOAL) >&2)
        ifneq ($(.SHELLSTATUS),0)
            $(error scripts/install-deps.sh could not install: $(MISSING))
        endif
        MISSING := $(shell $(DEPS_CHECK))
        ifneq ($(strip $(MISSING)),)
            $(error still missing after scripts/install-deps.sh: $(MISSING))
        endif
    else
        $(error missing $(MISSING): run "sh scripts/install-deps.sh $(DEPS_GOAL)" (it uses sudo when not root), or make run / make test, which run it)
    endif
endif

# make builds the unit tests too when cmocka is there (make test needs it).
HAVE_CMOCKA := $(shell $(PKG_CONFIG) --exists cmocka 2>/dev/null && echo yes)

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

LIB := $(BUILD)/libzmqlab.a
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
TEST_BINS := $(TEST_SRCS:%.c=$(BUILD)/%)
BENCH_OBJS := $(BENCH_SRCS:%.c=$(BUILD)/%.o)
# The fuzz targets (tests/fuzz/fuzz_NAME.c, each with its corpus in
# tests/fuzz/corpus/NAME/), built with the normal compiler and driven by
# replay.c: make test replays each corpus as one test.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CORPUS := tests/fuzz/corpus
REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/replay_%)
REPLAY_OBJS := $(BUILD)/tests/fuzz/replay.o $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/fuzz_%.o)

.PHONY: all tests run test fuzz bench clean help install uninstall

all: $(ZMQLAB) $(if $(HAVE_CMOCKA),tests)

tests: $(TEST_BINS) $(REPLAY)

$(LIB_OBJS) $(MAIN_OBJ) $(TEST_OBJS) $(BENCH_OBJS) $(REPLAY_OBJS): $(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

# The version; zmqlab finds its lessons relative to itself (src/main.c), so
# no path of this tree is built into it. Rebuilt when VERSION changes here.
$(MAIN_OBJ): ALL_CPPFLAGS += -DZMQLAB_VERSION='"$(VERSION)"'
$(MAIN_OBJ): Makefile

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

$(REPLAY): $(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/replay.o \
    $(BUILD)/tests/fuzz/fuzz_%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

run: $(ZMQLAB)
	./$(ZMQLAB) $(ARGS)

# scripts/run-tests.sh runs, from the repository root (the executables find
# lessons/ there), the test executables one at a time, then the scripts
# JOBS at a time: each tests/tui/*.sh,
# tests/cli/*.sh and tests/peers/*.sh with $ZMQLAB naming the binary (one
# test each), each test executable (its cmocka cases; one failing outside
# them counts as one more failure) and each fuzz corpus replay (one test each).
# Each test's output is printed whole when it ends; its log stays in
# $(BUILD)/test-logs, where the next run finds which tests take longest and
# starts them first. The last line says N passed, N failed.
test: $(ZMQLAB) $(TEST_BINS) $(REPLAY)
	@ZMQLAB=$(CURDIR)/$(ZMQLAB) JOBS=$(JOBS) TEST_TIMEOUT=$(TEST_TIMEOUT) \
	    TEST_LOGS=$(BUILD)/test-logs \
	    bash scripts/run-tests.sh \
	    $(foreach t,$(FUZZ_TARGETS),--replay $(BUILD)/tests/fuzz/replay_$(t) $(FUZZ_CORPUS)/$(t)) \
	    $(PEER_TESTS) $(TUI_TESTS) $(CLI_TESTS) $(TEST_BINS)

# What make install puts under $(DATADIR)/zmqlab/lessons: the lessons, their
# reference, the behaviours, the tutorial's programs, and the exercises.
LESSON_FILES = $(wildcard lessons/[0-9]*.lua) lessons/README.md \
    $(shell find lessons/actors lessons/py lessons/exercises -type f \
            ! -name '*.pyc' ! -path '*/__pycache__/*' 2>/dev/null | LC_ALL=C sort)

# The binary in $(BINDIR), the lessons in $(DATADIR)/zmqlab/lessons (where
# zmqlab finds them from $(BINDIR): ../share/zmqlab/lessons), the man page
# with the version filled in, and the README.
install: $(ZMQLAB)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)
	install -m 755 $(ZMQLAB) $(DESTDIR)$(BINDIR)/zmqlab
	@set -e; for f in $(LESSON_FILES); do \
	    mode=644; [ -x "$$f" ] && mode=755; \
	    echo "install -D -m $$mode $$f $(DESTDIR)$(DATADIR)/zmqlab/$$f"; \
	    install -D -m $$mode "$$f" "$(DESTDIR)$(DATADIR)/zmqlab/$$f"; \
	done
	sed -e 's/@VERSION@/$(VERSION)/g' -e 's,@DATADIR@,$(DATADIR),g' docs/zmqlab.1 > $(DESTDIR)$(MANDIR)/man1/zmqlab.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/zmqlab.1
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md

# Removes what make install put there: $(DATADIR)/zmqlab and $(DOCDIR) are
# zmqlab's own, so they go whole; shared directories (bin, man1) stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zmqlab $(DESTDIR)$(MANDIR)/man1/zmqlab.1
	rm -rf $(DESTDIR)$(DATADIR)/zmqlab $(DESTDIR)$(DOCDIR)

# libFuzzer, with ASan and UBSan, on what reads untrusted bytes: a peer's
# messages, the progress file, the command line, a lesson file, a
# behaviour's params. Built with clang apart from everything else (the
# library again, instrumented, in build/fuzz) and run on a copy of each
# corpus in build/fuzz/corpus/NAME: what it finds stays out of the
# repository until someone adds it on purpose. The flags of the libraries
# are looked up here, as fuzz checks no dependencies.
FUZZ_DIR := build/fuzz
FUZZ_TARGET ?= all
FUZZ_MAX_LEN ?= 70000
FUZZ_RUN := $(if $(filter all,$(FUZZ_TARGET)),$(FUZZ_TARGETS),$(FUZZ_TARGET))
FUZZ_LUA_PC = $(firstword $(foreach m,lua5.4 lua-5.4 lua,\
    $(shell $(PKG_CONFIG) --atleast-version=5.4 $(m) && echo $(m))))
FUZZ_DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags libzmq $(FUZZ_LUA_PC) ncursesw)
FUZZ_DEP_LIBS = $(shell $(PKG_CONFIG) --libs libzmq $(FUZZ_LUA_PC) ncursesw) -lm
FUZZ_FLAGS := -std=c11 $(WARNINGS) -pthread -g -O1 -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB := $(FUZZ_DIR)/libzmqlab.a
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_DIR)/%.o)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

# Says what is missing before anything is built with clang.
$(FUZZ_DIR)/.probe:
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
	@touch $@

$(FUZZ_LIB_OBJS) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/tests/fuzz/fuzz_%.o): $(FUZZ_DIR)/%.o: %.c \
    | $(FUZZ_DIR)/.probe
	@mkdir -p $(@D)
	$(FUZZ_CC) -D_DEFAULT_SOURCE -Isrc $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
	    $(FUZZ_DEP_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_DEP_LIBS)

# A target's dictionary (tests/fuzz/NAME.dict) helps it past syntax.
fuzz: $(FUZZ_RUN:%=$(FUZZ_DIR)/fuzz_%)
	@set -e; for t in $(FUZZ_RUN); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	    cp $(FUZZ_CORPUS)/$$t/* $(FUZZ_DIR)/corpus/$$t/; \
	    dict=; [ ! -f tests/fuzz/$$t.dict ] || dict=-dict=tests/fuzz/$$t.dict; \
	    echo "== fuzz_$$t, $(FUZZ_SECONDS) s"; \
	    ./$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
	        -close_fd_mask=1 -print_final_stats=1 $$dict \
	        -artifact_prefix=$(FUZZ_DIR)/$$t- $(FUZZ_DIR)/corpus/$$t; \
	done

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
	@sed -n '3,20s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BINS:=.d) $(BENCH_OBJS:.o=.d) \
    $(REPLAY_OBJS:.o=.d) $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/tests/fuzz/fuzz_%.d)
