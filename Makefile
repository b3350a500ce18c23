# padu: build, check, install, bench, demo.  Knobs are in config.mk.
#
#   make                 binaries into bin/ (installs missing -dev packages
#                        when run as root)
#   make demo            the Klaten job on the bundled data, into out/
#   make check           unit, golden and io tests; ends "N passed, M failed"
#   make golden-update CASES='cat/001*'   rewrite goldens, then review git diff
#   make sanitize        the checks on an ASan+UBSan build
#   make valgrind        the checks under valgrind
#   make fuzz            each libFuzzer target for FUZZ_SECONDS (30); see
#                        fuzz/README (clang, installed when run as root)
#   make install         PREFIX, DESTDIR, BINDIR, MANDIR
#   make bench           every benchmark below, then bench/RESULTS.md
#   make bench-io        CSV passthrough benchmark against mlr and DuckDB
#   make bench-parse     padu-parse of a Windows-1252 export against DuckDB
#   make bench-stages    padu-classify, padu-aggregate, padu-join at 2M rows
#   make bench-pipeline  pipelines/klaten.sh on fixtures/large, per stage
#   make bench-scaling   cost per row and memory at 0.5M, 1M, 2M, 4M rows
#   make bench-render    padu-render -f jsonl against DuckDB and mlr
#   make bench-clean     padu-clean (name only; all columns) against mlr and DuckDB
#   make bench-dedupe    padu-dedupe on one exact key against mlr and DuckDB
#   make bench-dedupe-large   fuzzy person linkage on fixtures/large, with
#                        precision and recall (make fixtures-large first)

include config.mk

VERSION := $(shell cat VERSION)
B = bin
O = build/obj

REQ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-DPADU_VERSION='"$(VERSION)"' -DPADU_PROFILE_DIR='"$(PREFIX)/share/padu/profiles"' -Ilib $(WARN) $(if $(WERROR),-Werror) \
	$(CSV_CFLAGS) $(JANSSON_CFLAGS) $(PCRE2_CFLAGS) $(XLSX_CFLAGS) $(XLSXW_CFLAGS)
FINAL_CFLAGS = $(REQ_CFLAGS) $(CFLAGS)
LIBS = $(CSV_LIBS) $(JANSSON_LIBS) $(PCRE2_LIBS) $(XLSX_LIBS) $(XLSXW_LIBS) -lm -pthread

LIB_SRC = lib/buf.c lib/config.c lib/csvio.c lib/expr.c lib/norm.c \
	lib/padu.c lib/region.c lib/rx.c lib/sniff.c lib/strmap.c lib/strsim.c \
	lib/utf8.c lib/xlsx.c lib/xlsxout.c
LIB_OBJ = $(LIB_SRC:%.c=$(O)/%.o)
LIB_HDR = $(wildcard lib/*.h)

FILTERS = aggregate cat classify clean dedupe join mask parse render
BINS = $(B)/padu $(FILTERS:%=$(B)/padu-%)

UNIT_SRC = $(wildcard tests/unit/test-*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)

MAN1 = man/padu.1 $(FILTERS:%=man/padu-%.1)
MAN7 = man/padu.7

all: deps $(BINS)

deps:
	@sh build-aux/deps.sh build

$(O)/%.o: %.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(FINAL_CFLAGS) -c -o $@ $<

$(O)/libpadu.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/padu: $(O)/filters/padu.o $(O)/libpadu.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/padu-%: $(O)/filters/%.o $(O)/libpadu.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# libsodium (its keyed hash) for padu-mask only.
$(O)/filters/mask.o: FINAL_CFLAGS += $(SODIUM_CFLAGS)
$(B)/padu-mask: LIBS += $(SODIUM_LIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/t.h $(O)/libpadu.a
	@mkdir -p $(@D)
	$(CC) $(FINAL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(O)/libpadu.a $(LIBS)

# padu-dedupe with 2-bit key tags, so that --first's probes meet unequal
# keys under equal tags all the time (tests/sh/dedupe-first.sh).
$(O)/tests/padu-dedupe-tag2: filters/dedupe.c $(O)/libpadu.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(FINAL_CFLAGS) -DFTAG_BITS=2 $(LDFLAGS) -o $@ filters/dedupe.c \
	    $(O)/libpadu.a $(LIBS)

# padu-dedupe that compares every pair in full, never stopping at a pair
# that can no longer reach the threshold (tests/sh/dedupe-fixtures.sh).
$(O)/tests/padu-dedupe-noprune: filters/dedupe.c $(O)/libpadu.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(FINAL_CFLAGS) -DDEDUPE_NO_PRUNE $(LDFLAGS) -o $@ filters/dedupe.c \
	    $(O)/libpadu.a $(LIBS)

# The I/O fault shim of tests/sh/fault.sh, preloaded into the binaries:
# built without the sanitizers, whatever CFLAGS say.
FAULT_SHIM = $(O)/tests/libpadufault.so
$(FAULT_SHIM): tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O1 -g -fPIC -shared $(WARN) $(if $(WERROR),-Werror) \
	    -o $@ tests/fault/shim.c -ldl

# The test runner: PADU_WRAP runs every binary under a wrapper (valgrind).
check: all $(UNIT_BINS) $(FAULT_SHIM) $(O)/tests/padu-dedupe-tag2 \
    $(O)/tests/padu-dedupe-noprune
	@sh build-aux/deps.sh check
	@PADU_BIN=$(abspath $(B)) PADU_UNIT=$(abspath $(O)/tests) \
	    PADU_TOP=$(CURDIR) CASES='$(CASES)' bash tests/run

golden-update: all
	@PADU_BIN=$(abspath $(B)) PADU_TOP=$(CURDIR) CASES='$(CASES)' \
	    PADU_UPDATE=1 bash tests/run --golden-only

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
sanitize:
	$(MAKE) B=build/asan/bin O=build/asan/obj CFLAGS='$(SAN_FLAGS)' \
	    LDFLAGS='-fsanitize=address,undefined' check

valgrind: all $(UNIT_BINS) $(FAULT_SHIM) $(O)/tests/padu-dedupe-tag2 \
    $(O)/tests/padu-dedupe-noprune
	@sh build-aux/deps.sh valgrind
	@PADU_BIN=$(abspath $(B)) PADU_UNIT=$(abspath $(O)/tests) \
	    PADU_TOP=$(CURDIR) CASES='$(CASES)' \
	    PADU_WRAP='env PADU_NO_JIT=1 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect' \
	    bash tests/run

# libFuzzer targets (fuzz/*.c) on the library built again with clang, ASan
# and UBSan; lib/padu.c gives up its die() and warn() to fuzz/fuzz.c.
FUZZ_CC = clang
FUZZ_SECONDS = 30
FUZZ_TARGETS = csv parse xlsx config expr clean
FUZZ_O = build/fuzz
FUZZ_CFLAGS = $(REQ_CFLAGS) -Ifuzz -DFUZZ_TOP='"$(CURDIR)"' -g -O1 \
	-fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -Wno-format-nonliteral
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ_O)/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_O)/fuzz-%)

fuzz:
	@sh build-aux/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_BINS)

$(FUZZ_O)/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_O)/lib/padu.o: lib/padu.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Ddie=padu_exit_die -Dwarn=padu_stderr_warn \
	    -c -o $@ lib/padu.c

$(FUZZ_O)/fuzz-%: fuzz/%.c fuzz/fuzz.c fuzz/fuzz.h $(FUZZ_LIB_OBJ) \
    $(wildcard fuzz/*-*.c filters/*.c)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ fuzz/$*.c \
	    $(wildcard fuzz/$*-*.c) fuzz/fuzz.c $(FUZZ_LIB_OBJ) $(LIBS)

demo: all
	@sh build-aux/deps.sh demo
	@sh build-aux/demo.sh

bench-io: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/io.sh

bench-parse: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/parse.sh

bench-stages: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/stages.sh

bench-render: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/render.sh

# Every benchmark in turn (an hour or so), then the summary with the
# ratios against DuckDB and Miller and issue 12's targets.
bench: bench-io bench-parse bench-clean bench-dedupe bench-dedupe-large \
    bench-stages bench-render bench-scaling bench-pipeline
	@python3 bench/summary.py

bench-summary:
	@python3 bench/summary.py

bench-scaling: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/scaling.sh

bench-pipeline: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/pipeline.sh

bench-clean: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/clean.sh

bench-dedupe: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/dedupe.sh

bench-dedupe-large: all
	@sh build-aux/deps.sh bench
	@PADU_BIN=$(abspath $(B)) bash bench/dedupe-large.sh

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7
	cp -f $(BINS) $(DESTDIR)$(BINDIR)/
	cp -f $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp -f $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	mkdir -p $(DESTDIR)$(PREFIX)/share/padu/profiles
	cp -f pipelines/profiles/*.json $(DESTDIR)$(PREFIX)/share/padu/profiles/

uninstall:
	rm -f $(BINS:$(B)/%=$(DESTDIR)$(BINDIR)/%) \
	    $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) \
	    $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%)
	rm -rf $(DESTDIR)$(PREFIX)/share/padu

clean:
	rm -rf bin build out

-include fixtures/fixtures.mk

.PHONY: all deps demo check golden-update sanitize valgrind fuzz fuzz-build bench bench-summary bench-io bench-parse \
	bench-clean bench-dedupe bench-dedupe-large bench-stages bench-render bench-pipeline bench-scaling install \
	uninstall clean
.SUFFIXES:
.SECONDARY:
