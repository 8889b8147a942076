# kefu — build settings first (Lua/Redis style); `make V=1` shows commands.
CC      ?= gcc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
PKGS    := libxml-2.0 sqlite3 zlib nettle
WARN    := -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE
CPPFLAGS += $(shell pkg-config --cflags $(PKGS)) -Isrc -I$(BUILD)
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lhpdf -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Everything kefu reads at run time except the font is embedded (src/embed.c).
EMBED   := $(sort $(wildcard schemas/*.xsd schemas/*.sql templates/policy/*.xml templates/reports/*.xml))
SRCS    := $(sort $(wildcard src/*.c))
LIBOBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRCS))) $(BUILD)/embed_data.o
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))

.PHONY: all test asan bench fuzz install clean
all: kefu

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
$(BUILD)/embed_data.S: $(EMBED) src/embedgen.sh Makefile
	@mkdir -p $(BUILD)
	$(Q)sh src/embedgen.sh $(EMBED) > $@
$(BUILD)/embed_data.o: $(BUILD)/embed_data.S
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS) tests/unit/t.h
	@mkdir -p $(dir $@)
	@echo "  TEST $@"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# The test command of the README: unit programs, then end-to-end scripts;
# the runner prints one closing line "N passed, N failed".
test: kefu $(TESTS)
	$(Q)sh tests/run.sh $(BUILD) ./kefu

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, in its
# own build directory so that it never mixes objects with the normal build.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/kefu $(patsubst $(BUILD)/%,build-asan/%,$(TESTS))
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh build-asan build-asan/kefu

bench: kefu
	$(Q)sh tests/bench/bench.sh ./kefu

install: kefu
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 kefu $(DESTDIR)$(PREFIX)/bin/kefu

clean:
	rm -rf build build-asan kefu

-include $(wildcard $(BUILD)/*.d)
