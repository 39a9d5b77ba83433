# rbc: the runbook compiler. Plain make + pkg-config.
# `make site` and `make test` install missing Debian packages first (make deps).

PKGS      = lua5.4 libcmark-gfm yaml-0.1 libxml-2.0 jansson libmicrohttpd libarchive libsodium
DEB_PKGS  = pkg-config liblua5.4-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libxml2-dev libjansson-dev libmicrohttpd-dev libarchive-dev libsodium-dev
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libmicrohttpd and libarchive are not linked: only `rbc serve` needs the
# one, only bundle and verify the other, and they load them with dlopen()
# (src/base/dl.c) by the soname of the library pkg-config finds, so that
# every other command starts without them and the libraries they bring
# (about 6 ms and 2 ms of each start).
DLOPEN_PKGS = libmicrohttpd libarchive
PKG_LIBS   = $(shell pkg-config --libs $(filter-out $(DLOPEN_PKGS),$(PKGS)) 2>/dev/null)
soname     = $(shell objdump -p "$$(pkg-config --variable=libdir $(1) 2>/dev/null)/$(1).so" 2>/dev/null | \
		sed -n 's/^ *SONAME *//p')
MHD_SONAME = $(call soname,libmicrohttpd)
ARCHIVE_SONAME = $(call soname,libarchive)
LDLIBS    = $(PKG_LIBS) -ldl -lpthread -lm
PREFIX   ?= /usr/local
# Where `make install` puts README.md and doc/*.md; `rbc lint --format
# sarif` names DOCDIR/README.md as the tool's informationUri.
DOCDIR   ?= $(PREFIX)/share/doc/rbc

# B is the object folder and BIN the binary; `make check` builds a
# sanitized copy under build/san without touching ./rbc.
B   ?= build
BIN ?= rbc
UNIT ?= tests/unit/unit
# src/ is grouped by stage (base model read parse lint render serve cli); a file
# includes "stage/name.h", and tools/layers.sh keeps each stage on the ones below.
SRC  = $(sort $(wildcard src/*/*.c))
OBJ  = $(SRC:src/%.c=$(B)/%.o)
DEPS = $(OBJ:.o=.d)
INC  = -Isrc

.PHONY: all deps site test test-full check bench fuzz lint install clean regen pdf clean-objs

# pkg-config is read when make starts, so the build runs in a sub-make
# after `deps` has installed what was missing.
all: deps
	@$(MAKE) --no-print-directory rbc

$(BIN): $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(B)/%.o: src/%.c | $(B)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(INC) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(B):
	mkdir -p $(B)

# The step scripts' runner (src/render/script_runtime.sh) as a C string literal.
build/script_runtime.inc: src/render/script_runtime.sh | build
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@
$(B)/render/render_script.o: build/script_runtime.inc
$(B)/render/render_script.o: PKG_CFLAGS += -Ibuild

# The live-reload script `rbc serve` adds to served pages, likewise.
build/serve_live.inc: src/serve/live.js | build
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@
$(B)/serve/http.o: build/serve_live.inc
$(B)/serve/http.o: PKG_CFLAGS += -Ibuild
$(B)/serve/mhd.o build/fuzz/serve/mhd.o: PKG_CFLAGS += $(if $(MHD_SONAME),-DRB_MHD_SONAME='"$(MHD_SONAME)"')
$(B)/render/archive_lib.o build/fuzz/render/archive_lib.o: \
	PKG_CFLAGS += $(if $(ARCHIVE_SONAME),-DRB_ARCHIVE_SONAME='"$(ARCHIVE_SONAME)"')

# The built-in lint rules (lua/*.lua) as C initializers for src/lint/rules.c.
LUA_RULES = $(sort $(wildcard lua/*.lua))
$(B)/rules_builtin.inc: $(LUA_RULES) tools/embed.sh | $(B)
	sh tools/embed.sh lua $(LUA_RULES) > $@
$(B)/lint/rules.o: $(B)/rules_builtin.inc
$(B)/lint/rules.o: PKG_CFLAGS += -I$(B)

# The site's and the handbook's templates (templates/, any depth) likewise,
# for src/render/template.c; a book's own templates/ overrides them by name.
TEMPLATES = $(sort $(shell find templates -type f ! -name '.*' 2>/dev/null))
$(B)/templates_builtin.inc: $(TEMPLATES) tools/embed.sh | $(B)
	sh tools/embed.sh templates $(TEMPLATES) > $@
$(B)/render/template.o: $(B)/templates_builtin.inc
$(B)/render/template.o: PKG_CFLAGS += -I$(B)

# DOCDIR, compiled into the SARIF writer; the stamp changes (and the object
# is rebuilt) only when DOCDIR does.
$(B)/docdir.stamp: FORCE | $(B)
	@echo '$(DOCDIR)' | cmp -s - $@ || echo '$(DOCDIR)' > $@
$(B)/lint/lint_report_sarif.o: $(B)/docdir.stamp
$(B)/lint/lint_report_sarif.o: PKG_CFLAGS += -DRB_DOCDIR='"$(DOCDIR)"'
FORCE:

-include $(DEPS)

# Install the Debian packages that pkg-config cannot find (root or sudo).
deps:
	@sh tools/deps.sh $(PKGS) -- $(DEB_PKGS)

site: all
	./rbc build runbooks -o site

# The demo book's print handbook as a PDF, with WeasyPrint (Debian's
# weasyprint package, installed when missing). The PDF is not in
# site/.rbc-manifest, so the next `rbc build` into site/ keeps it (rbc
# removes only files it wrote); delete it by hand when it is stale.
pdf: site
	@sh tools/deps.sh cmd:weasyprint -- weasyprint
	weasyprint site/handbook.html site/handbook.pdf

# The quick loop: unit, golden and the core end-to-end tests.
test: all
	@sh tests/run.sh quick

# Everything: the quick tier plus the browser, PDF, valgrind, kill -9 and
# big-book tests (the scripts marked "# tier: full").
test-full: all
	@sh tests/run.sh full

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# with a sanitized binary in build/san (./rbc is left alone).
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
check: deps
	@$(MAKE) --no-print-directory B=build/san BIN=build/san/rbc UNIT=build/san/unit \
		CFLAGS="$(SAN_FLAGS)" build/san/rbc build/san/unit
	RBC=$(CURDIR)/build/san/rbc RBC_UNIT=$(CURDIR)/build/san/unit RBC_SANITIZED=1 \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 sh tests/run.sh full

# The benchmark compares `rbc build` with Hugo on the same Markdown, and
# times `rbc serve` from an edit to the reload event.
bench: all
	@sh tools/deps.sh cmd:hugo -- hugo || echo "bench: no hugo; its row will say n/a" >&2
	@sh tests/bench/run.sh
	@sh tests/bench/serve.sh

lint: build/script_runtime.inc build/rules_builtin.inc build/templates_builtin.inc build/serve_live.inc
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 $(INC) $(PKG_CFLAGS) -Ibuild src
	clang-tidy $(SRC) -- $(WARN) $(INC) $(PKG_CFLAGS) -Ibuild

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 rbc $(DESTDIR)$(PREFIX)/bin/rbc
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 doc/rbc.1 $(DESTDIR)$(PREFIX)/share/man/man1/rbc.1
	install -d $(DESTDIR)$(DOCDIR)
	install -m 644 README.md doc/*.md $(DESTDIR)$(DOCDIR)/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	./rbc completion bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/rbc
	./rbc completion zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_rbc

regen: all
	@RBC_REGEN=1 sh tests/run.sh full

clean:
	rm -rf build rbc site tests/out

UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
$(UNIT): $(filter-out $(B)/cli/main.o,$(OBJ)) $(UNIT_SRC) tests/unit/harness.h
	$(CC) $(WARN) -Wno-missing-prototypes $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $(UNIT_SRC) $(filter-out $(B)/cli/main.o,$(OBJ)) $(LDLIBS)

# libFuzzer targets (tests/fuzz/fuzz_*.c) over every reader, built with clang
# under ASan and UBSan into build/fuzz/. Run them with tests/fuzz/run.sh.
FUZZ_CC    = clang
FUZZ_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJ   = $(filter-out build/fuzz/cli/main.o,$(SRC:src/%.c=build/fuzz/%.o))
FUZZ_BIN   = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

fuzz: deps
	@command -v $(FUZZ_CC) >/dev/null || { echo "fuzz: needs clang (apt-get install clang)" >&2; exit 2; }
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

build/fuzz/render/render_script.o: build/script_runtime.inc
build/fuzz/lint/rules.o: build/rules_builtin.inc
build/fuzz/render/template.o: build/templates_builtin.inc
build/fuzz/serve/http.o: build/serve_live.inc
build/fuzz/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(INC) $(PKG_CFLAGS) -Ibuild -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(WARN) -Wno-unused-function $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

# objects are kept even when only the fuzz_% pattern rule names them
.SECONDARY: $(FUZZ_OBJ)
-include $(FUZZ_OBJ:.o=.d)
