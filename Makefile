# berth - a booking engine for the Unix command line.
#   make            build ./build/berth
#   make demo       install missing packages, build, run a real flow
#   make check      install missing packages, build, run every test (bats
#                   files BERTH_TEST_JOBS at a time, a line for each)
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan
#   make stress     the long torture runs of tests/stress/ (a few minutes)
#   make fuzz FUZZ_SECONDS=60   libFuzzer harnesses (clang), 60 s each
#   make bench      benchmarks against their peers -> bench/RESULTS.md (QUICK=1;
#                   BEFORE=path/to/an/earlier/berth adds it side by side;
#                   ONLY=batch: the batch and its peers alone, printed;
#                   ONLY=reschedule: reschedule beside book alone, printed;
#                   ONLY=pg: berth on PostgreSQL against psql, printed)
#   make valgrind   a representative set of commands under valgrind memcheck
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/berth
COMPDIR_BASH ?= $(PREFIX)/share/bash-completion/completions
COMPDIR_ZSH  ?= $(PREFIX)/share/zsh/site-functions
COMPDIR_FISH ?= $(PREFIX)/share/fish/vendor_completions.d

CC     ?= cc
CFLAGS ?= -O2 -g
# Ours are appended, never replacing what the user gave.
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
	-Wformat=2 -Wno-format-nonliteral -D_FORTIFY_SOURCE=2 \
	-fstack-protector-strong -MMD -MP

BUILD = build
ifdef SANITIZE
BUILD = build-san
override CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined -U_FORTIFY_SOURCE
override LDFLAGS += -fsanitize=address,undefined
endif

PKGS := lmdb jansson yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LMDB_LIBS  := $(shell pkg-config --libs lmdb 2>/dev/null || echo -llmdb)
# LMDB is linked statically too when its archive is there (liblmdb-dev
# ships it): the loader then maps and relocates one shared object fewer
# and binds none of its symbols, which every `berth book` pays for.
LMDB_A     := $(shell $(CC) -print-file-name=liblmdb.a)
BERTH_LMDB_LIBS := $(if $(filter /%,$(LMDB_A)),$(LMDB_A) -lpthread,$(LMDB_LIBS))
# jansson is linked statically when its archive is there: only `book
# --batch` uses it, and loading one more shared library costs every
# process, measurably, on the per-booking hot path.
JANSSON_A  := $(shell $(CC) -print-file-name=libjansson.a)
JANSSON_LIBS := $(if $(filter /%,$(JANSSON_A)),$(JANSSON_A),$(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson))
# libyaml reads the catalogue (apply); linked statically like jansson, so
# that no other command pays for loading it.
YAML_A    := $(shell $(CC) -print-file-name=libyaml.a)
YAML_LIBS := $(if $(filter /%,$(YAML_A)),$(YAML_A),$(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml))
# libsodium hashes the audit chain (SHA-256, HMAC-SHA-256); static too:
# every change hashes, but nothing else of it is wanted at start-up.
SODIUM_A    := $(shell $(CC) -print-file-name=libsodium.a)
SODIUM_LIBS := $(if $(filter /%,$(SODIUM_A)),$(SODIUM_A),$(shell pkg-config --libs libsodium 2>/dev/null || echo -lsodium))
# xxHash seals every stored value; it is compiled in from its header
# (XXH_INLINE_ALL in lib/codec.c), so nothing is linked for it.
PKG_LIBS   := $(JANSSON_LIBS) $(YAML_LIBS) $(SODIUM_LIBS) $(BERTH_LMDB_LIBS)
# libpq's header only: the library is loaded when a PostgreSQL store is
# opened (lib/store-pg-lib.c), so that no LMDB command pays for it.
PG_CFLAGS  := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
override CFLAGS += $(PKG_CFLAGS) $(PG_CFLAGS)

LIB_SRC = $(wildcard lib/*.c)
CMD_SRC = $(wildcard cmd/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ = $(CMD_SRC:%.c=$(BUILD)/%.o)
BIN     = $(BUILD)/berth
UNIT    = $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/*_test.c))
# The damage tests' tool: breaks one entry of a store with LMDB's own calls.
DAMAGE  = $(BUILD)/tests/damage

.PHONY: all deps demo demo-build check check-build stress unit bats install uninstall clean lint format bench \
	fuzz fuzz-regress valgrind
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libberth.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BIN): $(CMD_OBJ) $(BUILD)/libberth.a
	$(CC) $(LDFLAGS) -o $@ $(CMD_OBJ) $(BUILD)/libberth.a $(PKG_LIBS) $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libberth.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib $(LDFLAGS) -o $@ $< $(BUILD)/libberth.a $(PKG_LIBS)

$(DAMAGE): tests/damage.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LMDB_LIBS)

# make deps: what make check needs. make demo installs only what the build
# needs. Each installs first and then builds in a make of its own, so that
# the build sees what was just installed (pkg-config, the static jansson)
# and never races the install under -j.
deps:
	@sh share/deps.sh check

$(BUILD)/bench/floor: bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LMDB_LIBS)

# make bench: every benchmark and its peers, one table, bench/RESULTS.md
# (under 10 minutes; QUICK=1 under 2). The psql peer runs when PostgreSQL
# is installed; BENCH_PG=1 installs it.
bench: all $(BUILD)/bench/floor
	@BERTH_DEPS_EXTRA="hyperfine sqlite3 time valgrind lmdb-utils$(if $(filter 1,$(BENCH_PG)), postgresql)" \
		sh share/deps.sh
	@BERTH_BIN=$(BIN) QUICK=$(QUICK) BEFORE=$(BEFORE) ONLY=$(ONLY) sh bench/run.sh

demo:
	@sh share/deps.sh demo
	@$(MAKE) --no-print-directory demo-build
	@BERTH_BIN=$(BIN) sh share/demo.sh

check:
	@sh share/deps.sh check
	@$(MAKE) --no-print-directory check-build
	@BERTH_BIN=$(BIN) BUILD=$(BUILD) sh tests/run.sh

# What each needs built (the empty recipe: no "is up to date" to read).
demo-build: $(BIN)
	@:
check-build: $(BIN) $(UNIT) $(DAMAGE)
	@:

# The long torture runs (the short ones are in tests/stress.bats, part of
# check): WRITERS (8) writers for SECONDS_TO_RUN (60) seconds under random
# SIGKILLs, then KILLS (10) SIGKILLs of a 50000-line book --batch.
stress: all
	@BERTH_BIN=$(BIN) WRITERS=$${WRITERS:-8} SECONDS_TO_RUN=$${SECONDS_TO_RUN:-60} \
		bash tests/stress/torture.sh
	@BERTH_BIN=$(BIN) KILLS=$${KILLS:-10} bash tests/stress/batch-crash.sh

# Every verb, every output format, book --batch, help and refusals, each
# under memcheck: fails on any memory error or definite leak. Installs
# valgrind when it is missing, as bench installs its tools.
valgrind: all $(DAMAGE)
	@BERTH_DEPS_EXTRA="valgrind" sh share/deps.sh
	@BERTH_BIN=$(BIN) sh tests/valgrind.sh

# The units and the cron line name the installed binary and webhook.
SUBST = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)/systemd $(DESTDIR)$(DATADIR)/examples \
		$(DESTDIR)$(DATADIR)/cron $(DESTDIR)$(COMPDIR_BASH) \
		$(DESTDIR)$(COMPDIR_ZSH) $(DESTDIR)$(COMPDIR_FISH)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/berth
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 share/examples/*.yaml $(DESTDIR)$(DATADIR)/examples/
	install -m 755 share/examples/webhook $(DESTDIR)$(DATADIR)/examples/
	$(SUBST) share/systemd/berth-expire.service \
		>$(DESTDIR)$(DATADIR)/systemd/berth-expire.service
	$(SUBST) share/systemd/berth-notify.service \
		>$(DESTDIR)$(DATADIR)/systemd/berth-notify.service
	install -m 644 share/systemd/berth-expire.timer \
		$(DESTDIR)$(DATADIR)/systemd/
	$(SUBST) share/cron/berth.cron \
		>$(DESTDIR)$(DATADIR)/cron/berth.cron
	$(SUBST) share/examples/ics-feed.cron \
		>$(DESTDIR)$(DATADIR)/examples/ics-feed.cron
	install -m 644 completions/berth.bash $(DESTDIR)$(COMPDIR_BASH)/berth
	install -m 644 completions/_berth $(DESTDIR)$(COMPDIR_ZSH)/_berth
	install -m 644 completions/berth.fish $(DESTDIR)$(COMPDIR_FISH)/berth.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/berth $(DESTDIR)$(MANDIR)/man1/berth*.1 \
		$(DESTDIR)$(MANDIR)/man5/berth.5 $(DESTDIR)$(MANDIR)/man7/berth.7 \
		$(DESTDIR)$(COMPDIR_BASH)/berth $(DESTDIR)$(COMPDIR_ZSH)/_berth \
		$(DESTDIR)$(COMPDIR_FISH)/berth.fish
	rm -rf $(DESTDIR)$(DATADIR)

# Fuzzing: clang's libFuzzer with ASan and UBSan, in its own tree (the
# gcc objects have neither the coverage nor the sanitizers). Each harness
# first runs every input in tests/fuzz/regress/NAME once, then fuzzes for
# FUZZ_SECONDS on a copy of tests/fuzz/corpus/NAME in build-fuzz, so the
# checked-in corpus grows only on purpose (see tests/fuzz/run.sh).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ         = build-fuzz
# BERTH_FUZZ_UNSEALED: values reach the decoders whatever their checksum.
FUZZ_CFLAGS  = -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -DBERTH_FUZZ_UNSEALED $(PKG_CFLAGS) $(PG_CFLAGS)
FUZZ_NAMES   = time_fuzz batch_fuzz opt_fuzz record_fuzz tzif_fuzz \
	catalogue_fuzz jline_fuzz
FUZZ_BINS    = $(FUZZ_NAMES:%=$(FUZZ)/%)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ)/obj/%.o)

$(FUZZ)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ)/libberth.a: $(FUZZ_LIB_OBJ)
	$(AR) rcs $@ $^

$(FUZZ)/time_fuzz: tests/fuzz/time_fuzz.c
$(FUZZ)/record_fuzz: tests/fuzz/record_fuzz.c
$(FUZZ)/tzif_fuzz: tests/fuzz/tzif_fuzz.c
$(FUZZ)/catalogue_fuzz: tests/fuzz/catalogue_fuzz.c
$(FUZZ)/jline_fuzz: tests/fuzz/jline_fuzz.c
$(FUZZ)/batch_fuzz: tests/fuzz/batch_fuzz.c $(FUZZ)/obj/cmd/common-batch.o \
	$(FUZZ)/obj/cmd/common.o $(FUZZ)/obj/cmd/opt.o $(FUZZ)/obj/cmd/common-columns.o
$(FUZZ)/opt_fuzz: tests/fuzz/opt_fuzz.c $(FUZZ)/obj/cmd/common-claim.o \
	$(FUZZ)/obj/cmd/common.o $(FUZZ)/obj/cmd/opt.o $(FUZZ)/obj/cmd/common-columns.o
$(FUZZ_BINS): $(FUZZ)/libberth.a $(wildcard lib/*.h cmd/*.h)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Ilib -Icmd -o $@ $(filter %.c %.o,$^) \
		$(FUZZ)/libberth.a $(PKG_LIBS)

fuzz: $(FUZZ_BINS)
	@FUZZ=$(FUZZ) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_NAMES)

fuzz-regress: $(FUZZ_BINS)
	@FUZZ=$(FUZZ) FUZZ_SECONDS=0 sh tests/fuzz/run.sh $(FUZZ_NAMES)

clean:
	rm -rf build build-san build-fuzz

format:
	clang-format -i lib/*.c lib/*.h cmd/*.c cmd/*.h tests/unit/*.c

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(wildcard $(FUZZ)/obj/*/*.d)
