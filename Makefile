# kefu — build settings first (Lua/Redis style); `make V=1` shows commands.
CC      ?= gcc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
# Objects and the binary go to BUILD. `make BUILD=/tmp/b` is an out-of-tree
# build: it writes only under /tmp/b (the binary is /tmp/b/kefu); the
# default build also copies the binary to ./kefu.
BUILD   ?= build
PKGS    := libxml-2.0 sqlite3 zlib nettle xlsxwriter
WARN    := -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE
CPPFLAGS += $(shell pkg-config --cflags $(PKGS)) -Isrc -I$(BUILD) -pthread
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lhpdf -lm -pthread

ifeq ($(V),1)
Q :=
else
Q := @
endif

# The sRGB profile of the PDF/A OutputIntent: Debian's icc-profiles-free
# (ICC v2, as PDF 1.4 needs; zlib licence), embedded as "srgb.icc".
ICC_PROFILE ?= /usr/share/color/icc/sRGB.icc

# Everything kefu reads at run time except the font is embedded (src/embed.c);
# an entry NAME=PATH embeds PATH under NAME.
EMBED   := $(sort $(wildcard schemas/*.xsd schemas/*.sql templates/policy/*.xml templates/reports/*.xml templates/mappings/*.xml))
EMBED_ARGS := $(EMBED) srgb.icc=$(ICC_PROFILE)
SRCS    := $(sort $(wildcard src/*.c))
LIBOBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRCS))) $(BUILD)/embed_data.o
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))

ifeq ($(BUILD),build)
BIN := kefu
else
BIN := $(BUILD)/kefu
endif

.PHONY: all test asan bench fuzz install uninstall clean
all: $(BIN)

kefu: $(BUILD)/kefu
	$(Q)cp $< $@

$(BUILD)/kefu: $(BUILD)/main.o $(LIBOBJS)
	@echo "  LINK $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC   $<"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The embedded files: one assembler file of .incbin directives, regenerated
# whenever the list or any file changes.
$(BUILD)/embed_data.S: $(EMBED) $(ICC_PROFILE) src/embedgen.sh Makefile
	@mkdir -p $(BUILD)
	$(Q)sh src/embedgen.sh $(EMBED_ARGS) > $@
$(BUILD)/embed_data.o: $(BUILD)/embed_data.S
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS) tests/unit/t.h $(wildcard tests/fuzz/*.c)
	@mkdir -p $(dir $@)
	@echo "  TEST $@"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# The test command of the README: unit programs, then end-to-end scripts;
# the runner prints one closing line "N passed, N failed".
test: $(BIN) $(TESTS)
	$(Q)sh tests/run.sh $(BUILD) $(BIN)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, in its
# own build directory so that it never mixes objects with the normal build.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/kefu $(patsubst $(BUILD)/%,build-asan/%,$(TESTS))
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh build-asan build-asan/kefu

bench: $(BIN)
	$(Q)sh tests/bench/bench.sh $(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/kefu
	install -m 644 src/kefu.1 $(DESTDIR)$(MANDIR)/man1/kefu.1
	install -m 644 src/kefu.bash $(DESTDIR)$(COMPDIR)/kefu

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kefu $(DESTDIR)$(MANDIR)/man1/kefu.1 $(DESTDIR)$(COMPDIR)/kefu

clean:
	rm -rf build build-asan build-fuzz kefu

-include $(wildcard $(BUILD)/*.d)

# libFuzzer targets (SPEC §10, STYLE 14): the library (everything but
# main.c, plus its own embedded files object) built with clang under
# ASan+UBSan in build-fuzz/, one target per reader; tests/fuzz/run.sh seeds
# the corpora from samples/ and templates/policy/ and runs each target
# FUZZ_SECONDS, two at a time. Any crash, leak or timeout fails the target.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_DIR     := build-fuzz
FUZZ_CFLAGS  := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_LIBOBJS := $(patsubst src/%.c,$(FUZZ_DIR)/%.o,$(filter-out src/main.c,$(SRCS))) $(FUZZ_DIR)/embed_data.o
FUZZ_BINS    := $(FUZZ_DIR)/fuzz_csv $(FUZZ_DIR)/fuzz_xml $(FUZZ_DIR)/fuzz_policy $(FUZZ_DIR)/fuzz_xlsx $(FUZZ_DIR)/fuzz_mapping \
               $(FUZZ_DIR)/fuzz_xscan

fuzz: $(FUZZ_BINS)
	$(Q)sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

$(FUZZ_DIR)/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(FUZZ_CC) $(WARN) -Wno-error $(shell pkg-config --cflags $(PKGS)) -Isrc $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/embed_data.S: $(EMBED) $(ICC_PROFILE) src/embedgen.sh Makefile
	@mkdir -p $(FUZZ_DIR)
	$(Q)sh src/embedgen.sh $(EMBED_ARGS) > $@
$(FUZZ_DIR)/embed_data.o: $(FUZZ_DIR)/embed_data.S
	$(Q)$(FUZZ_CC) -c -o $@ $<
$(FUZZ_BINS): $(FUZZ_LIBOBJS)
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIBOBJS)
	@echo "  LINK $@"
	$(Q)$(FUZZ_CC) $(WARN) $(shell pkg-config --cflags $(PKGS)) -Isrc $(FUZZ_CFLAGS) \
	  -fsanitize=fuzzer -o $@ $< $(FUZZ_LIBOBJS) $(LDLIBS)

-include $(wildcard $(FUZZ_DIR)/*.d)
