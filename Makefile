# libmaillog -- hand-written GNU Makefile.
# User variables (CFLAGS, LDFLAGS, CPPFLAGS, PREFIX, DESTDIR, ...) are yours;
# the project's own flags live in ML_* variables and are always added.

PREFIX      ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
LIBDIR      ?= $(EXEC_PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
BINDIR      ?= $(EXEC_PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR     ?=
# Where find_package(libmaillog) looks: always below LIBDIR.
CMAKEDIR     = $(LIBDIR)/cmake/libmaillog

CC      ?= cc
CXX     ?= c++
CFLAGS  ?= -O2 -g
LDFLAGS ?=
WERROR  ?=
PKG_CONFIG ?= pkg-config

# The version lives in one place: the header.
version_of = $(shell sed -n 's/^\#define MAILLOG_VERSION_$(1) \([0-9]*\)$$/\1/p' include/maillog.h)
MAJOR := $(call version_of,MAJOR)
MINOR := $(call version_of,MINOR)
PATCH := $(call version_of,PATCH)
VERSION := $(MAJOR).$(MINOR).$(PATCH)

ML_WARN   = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
            -Wcast-qual -Wvla -Wformat=2 $(WERROR)
# SIMD=0 builds the byte scanners' portable path alone (no SSE2), so CI can
# check that both paths give the same results.
SIMD ?= 1
ML_CFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -Iinclude $(ML_WARN) $(if $(filter 0,$(SIMD)),-DML_NO_SIMD,)
ML_LIBFLAGS = -DMAILLOG_BUILDING -fvisibility=hidden

# CORRELATE=0 leaves the correlation module out (appliances that only need
# the tokenizer): its objects, header, tool and tests.
CORRELATE ?= 1
# The Python package's tests (make check-python) build it into a venv; a
# sanitizer build cannot be loaded by Python, so `make asan` turns them off.
PYTHON_TESTS ?= 1
# The tests that start real services (rsyslogd...) on loopback: 0 skips them
# (the Debian package's build, which must not start daemons).
SERVICE_TESTS ?= 1
# The suite run a second time against the shared library: 0 skips that
# run (make asan: the same code under the same sanitizer twice).
SHARED_TESTS ?= 1
# The Python the package is built for: the first python3 on the PATH that
# has venv and pytest (Debian: python3-venv, python3-pytest), else python3.
PYTHON ?= $(shell for p in python3 /usr/bin/python3; do $$p -c 'import venv, ensurepip, pytest' >/dev/null 2>&1 && { echo $$p; exit 0; }; done; echo python3)
CORR_SRCS = $(wildcard src/corr/*.c)

B       = build
# Every .c under src/, whatever its folder (core, envelope, scan, json, mta,
# corr): adding a dialect's file needs no change here.
ALL_SRCS := $(sort $(shell find src -name '*.c'))
LIB_HDRS := $(shell find src -name '*.h') include/*.h
SRCS    = $(if $(filter 0,$(CORRELATE)),$(filter-out $(CORR_SRCS),$(ALL_SRCS)),$(ALL_SRCS))
HEADERS = include/maillog.h $(if $(filter 0,$(CORRELATE)),,include/maillog_correlate.h)
OBJS    = $(SRCS:src/%.c=$(B)/obj/%.o)
PICOBJS = $(SRCS:src/%.c=$(B)/pic/%.o)
STATIC  = $(B)/lib/libmaillog.a
SHARED_REAL = $(B)/lib/libmaillog.so.$(VERSION)
SHARED_SONAME = libmaillog.so.$(MAJOR)
SHARED  = $(B)/lib/libmaillog.so
# maillog-index and maillog-trace --db: SQLite through libsqlite3, built
# when it is found (SQLITE=0 leaves maillog-index out, and maillog-trace
# --db then says what to install); PostgreSQL through libpq beside it when
# pkg-config finds libpq (LIBPQ=0 leaves it out: a postgresql:// database
# is then refused with a message that names libpq-dev).
ifeq ($(origin SQLITE),undefined)
SQLITE := $(or $(shell $(PKG_CONFIG) --exists sqlite3 2>/dev/null && echo 1),$(shell printf '\#include <sqlite3.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo 1),0)
endif
ifeq ($(origin LIBPQ),undefined)
LIBPQ := $(or $(shell $(PKG_CONFIG) --exists libpq 2>/dev/null && echo 1),0)
endif
INDEX_BIN = $(if $(filter 1,$(SQLITE)),$(B)/bin/maillog-index)
EXAMPLES = $(B)/bin/maillog-json $(if $(filter 0,$(CORRELATE)),,$(B)/bin/maillog-trace $(B)/bin/maillog-report $(INDEX_BIN))
# maillog-exporter serves HTTP through libmicrohttpd: built when
# pkg-config finds it (Debian libmicrohttpd-dev), and the correlator is in;
# MHD=0 leaves it out.
ifeq ($(origin MHD),undefined)
MHD := $(shell $(PKG_CONFIG) --exists libmicrohttpd 2>/dev/null && echo 1 || echo 0)
endif
EXPORTER = $(if $(filter 0,$(CORRELATE)),,$(if $(filter 1,$(MHD)),$(B)/bin/maillog-exporter))
EXAMPLES += $(EXPORTER)
EX_FLAGS = $(if $(filter 0,$(CORRELATE)),-DMAILLOG_NO_CORRELATE,)
PC      = $(B)/libmaillog.pc
CMAKE_CONFIG = $(B)/cmake/libmaillog-config.cmake $(B)/cmake/libmaillog-config-version.cmake
# The manual: the library's overview pages (maillog.3, maillog_correlate.3,
# maillog_reason.3) and a page of its own for every public function
# (man/NAME.3), without the correlation module's (maillog_correlate.h: the
# maillog_corr_, _message_, _session_ and _end_ functions, the names that
# EXPECTED_SYMBOLS leaves out) when it is left out; the tools' pages.
CORR_MAN3 = man/maillog_corr% man/maillog_message_% man/maillog_session_% man/maillog_end_%
MAN3    = $(if $(filter 0,$(CORRELATE)),$(filter-out $(CORR_MAN3),$(wildcard man/*.3)),$(wildcard man/*.3))
MAN1    = $(filter-out $(if $(EXPORTER),,man/maillog-exporter.1) $(if $(INDEX_BIN),,man/maillog-index.1),$(if $(filter 0,$(CORRELATE)),$(filter-out man/maillog-trace.1 man/maillog-report.1,$(wildcard man/*.1)),$(wildcard man/*.1)))
MAN5    = $(wildcard man/*.5)
# The tools link the static library, so that build/bin runs from the tree;
# TOOLS_SHARED=1 links them with libmaillog.so instead (the Debian package
# does, so that the tools use the packaged library).  They then need
# LD_LIBRARY_PATH=build/lib to run before they are installed.
TOOLS_SHARED ?= 0
TOOL_LINK = $(if $(filter 1,$(TOOLS_SHARED)),-L$(B)/lib -lmaillog,$(STATIC))
TOOL_DEP  = $(if $(filter 1,$(TOOLS_SHARED)),$(SHARED),$(STATIC))
TOOL_ENV  = $(if $(filter 1,$(TOOLS_SHARED)),LD_LIBRARY_PATH=$(abspath $(B)/lib)$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH},)

CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
CORR_TEST_SRCS = tests/test_correlate.c tests/test_corr_limits.c tests/corr_collect.c
TEST_SRCS = $(if $(filter 0,$(CORRELATE)),$(filter-out $(CORR_TEST_SRCS),$(wildcard tests/test_*.c)),$(wildcard tests/test_*.c) tests/corr_collect.c) tests/check_main.c tests/json_check.c
TEST_FLAGS = $(if $(filter 0,$(CORRELATE)),-DML_NO_CORRELATE,)
TEST_BIN  = $(B)/tests/check_maillog
TEST_BIN_SHARED = $(B)/tests/check_maillog_shared

.PHONY: all lib static shared examples check check-man check-index bench-index check-layout bench-guard bench-inflate bench-parallel bench-baseline check-abi check-cxx demo bench deps install \
        uninstall clean asan valgrind check-cross capture-postfix capture-postfix-situations capture-exim-situations capture-opensmtpd-situations capture-sendmail-situations capture-sendmail capture-all corpus-check check-install \
        check-services check-fuzz-replay fuzz fuzz-afl bench-hostile bench-scale coverage install-lib install-tools \
        check-consumers check-abidiff abi-dump deb check-python check-python-sdist bench-python check-exporter bench-exporter FORCE

all: lib examples

# The library alone: no zlib, no threads, no tools (a cross build for a
# target that has no zlib builds this, and `make install-lib` installs it).
lib: static shared $(PC) $(CMAKE_CONFIG)

static: $(STATIC)
shared: $(SHARED)
examples: $(EXAMPLES)

$(B)/obj/%.o: src/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) $(ML_LIBFLAGS) -Isrc $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/pic/%.o: src/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) $(ML_LIBFLAGS) -Isrc -fPIC $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(STATIC): $(OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

$(SHARED_REAL): $(PICOBJS) src/libmaillog.map
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(SHARED_SONAME) -Wl,--version-script=src/libmaillog.map \
	  -Wl,--no-undefined $(CFLAGS) $(LDFLAGS) -o $@ $(PICOBJS)

$(SHARED): $(SHARED_REAL)
	ln -sf libmaillog.so.$(VERSION) $(B)/lib/$(SHARED_SONAME)
	ln -sf $(SHARED_SONAME) $@

# The example tools read compressed logs, told by their first bytes: gzip
# through zlib, xz through liblzma, bzip2 through libbz2, zstd through
# libzstd, and decompress them on a second thread: dependencies of the tools
# only, never of the library.  Each is used when found (pkg-config, or the
# header for bzip2, which ships no .pc file); ZLIB=0, LZMA=0, BZIP2=0 or
# ZSTD=0 leaves one out, and the tools then refuse such files with a message
# that names the package to install.
have_header = $(shell printf '\#include <$(1)>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo 1)
# $(call find_codec,VAR,pkg-config name,header): VAR := 1 or 0, unless given.
define find_codec
ifeq ($$(origin $(1)),undefined)
$(1) := $$(or $$(shell $$(PKG_CONFIG) --exists $(2) 2>/dev/null && echo 1),$$(call have_header,$(3)),0)
endif
endef
$(eval $(call find_codec,ZLIB,zlib,zlib.h))
$(eval $(call find_codec,LZMA,liblzma,lzma.h))
$(eval $(call find_codec,BZIP2,bzip2,bzlib.h))
$(eval $(call find_codec,ZSTD,libzstd,zstd.h))
# gzip is inflated by Intel ISA-L's igzip when found (three times zlib's
# speed: examples/tool/codec.c); ISAL=0 keeps zlib.
$(eval $(call find_codec,ISAL,libisal,isa-l/igzip_lib.h))
pc_libs = $(if $(filter 1,$($(1))),$(or $(shell $(PKG_CONFIG) --libs $(2) 2>/dev/null),$(3)))
CODEC_DEFS := $(foreach c,ZLIB LZMA BZIP2 ZSTD ISAL,$(if $(filter 1,$($(c))),-DHAVE_$(c)))
CODEC_LIBS := $(call pc_libs,ZLIB,zlib,-lz) $(call pc_libs,LZMA,liblzma,-llzma) \
              $(call pc_libs,BZIP2,bzip2,-lbz2) $(call pc_libs,ZSTD,libzstd,-lzstd) \
              $(call pc_libs,ISAL,libisal,-lisal)

# The code the tools share (examples/tool/) is compiled once, into an
# archive that each of them links; maillog-report's tables and output are
# two objects of its own.
TOOL_OBJS   = $(patsubst examples/tool/%.c,$(B)/tools/%.o,$(wildcard examples/tool/*.c))
TOOL_LIB    = $(B)/tools/libmltools.a
REPORT_OBJS = $(B)/tools/report_data.o $(B)/tools/report_out.o $(B)/tools/report_keys.o \
  $(B)/tools/report_messages.o
EX_CFLAGS   = $(ML_CFLAGS) $(EX_FLAGS) $(CPPFLAGS) $(CFLAGS) -pthread

$(B)/tools/%.o: examples/tool/%.c examples/tool/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) $(CODEC_DEFS) -c $< -o $@

$(B)/tools/report_%.o: examples/report_%.c examples/report_*.h examples/tool/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) -c $< -o $@

$(TOOL_LIB): $(TOOL_OBJS)
	rm -f $@
	$(AR) rcs $@ $(TOOL_OBJS)

$(B)/bin/maillog-report: $(REPORT_OBJS)

$(B)/bin/%: examples/%.c examples/*.h examples/tool/*.h $(TOOL_LIB) $(TOOL_DEP) include/*.h
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) $< $(filter %.o,$^) -o $@ $(LDFLAGS) $(IDX_LINK) $(TOOL_LIB) $(TOOL_LINK) $(CODEC_LIBS) $(IDX_SYSLIBS) -pthread

# maillog-index, and maillog-trace --db (SQLITE and LIBPQ are found at the
# top, since the list of tools depends on them).
INDEX_DEFS := $(if $(filter 1,$(SQLITE)),-DHAVE_SQLITE) \
  $(if $(filter 1,$(LIBPQ)),-DHAVE_LIBPQ $(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null))
INDEX_LIBS := $(call pc_libs,SQLITE,sqlite3,-lsqlite3) $(call pc_libs,LIBPQ,libpq,-lpq)
INDEX_OBJS  = $(B)/index/db.o $(B)/index/sqlite.o $(B)/index/pg.o $(B)/index/schema.o $(B)/index/query.o
INDEX_LIB   = $(B)/index/libmlindex.a

$(B)/index/%.o: examples/index/%.c examples/index/*.h examples/tool/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) $(INDEX_DEFS) -c $< -o $@

$(INDEX_LIB): $(INDEX_OBJS)
	rm -f $@
	$(AR) rcs $@ $(INDEX_OBJS)

$(B)/bin/maillog-trace: $(INDEX_LIB)
$(B)/bin/maillog-trace $(B)/bin/maillog-index: IDX_LINK = $(INDEX_LIB)
$(B)/bin/maillog-trace $(B)/bin/maillog-index: IDX_SYSLIBS = $(INDEX_LIBS)

$(B)/bin/maillog-index: $(B)/index/main.o $(B)/index/load.o $(B)/index/store.o $(INDEX_LIB) \
  $(TOOL_LIB) $(TOOL_DEP)
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) $(filter %.o,$^) -o $@ $(LDFLAGS) $(IDX_LINK) $(TOOL_LIB) $(TOOL_LINK) $(CODEC_LIBS) $(IDX_SYSLIBS) -pthread

# maillog-exporter: its own files (examples/exporter/), the shared tool
# code, and libmicrohttpd.
EXPORTER_OBJS = $(patsubst examples/exporter/%.c,$(B)/exporter/%.o,$(wildcard examples/exporter/*.c))
MHD_CFLAGS = $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS   = $(or $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null),-lmicrohttpd)

$(B)/exporter/%.o: examples/exporter/%.c examples/exporter/*.h examples/tool/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) $(MHD_CFLAGS) -c $< -o $@

$(B)/bin/maillog-exporter: $(EXPORTER_OBJS) $(TOOL_LIB) $(TOOL_DEP)
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) $(EXPORTER_OBJS) -o $@ $(LDFLAGS) $(TOOL_LIB) $(TOOL_LINK) $(CODEC_LIBS) $(MHD_LIBS) -pthread

# maillog-json built with no decompressor at all, for the tests of what a
# build without one says (tests/test_examples.sh).
$(B)/tests/nocodec/%.o: examples/tool/%.c examples/tool/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(EX_CFLAGS) -c $< -o $@

$(B)/tests/maillog-json-nocodec: examples/maillog-json.c $(TOOL_OBJS:$(B)/tools/%=$(B)/tests/nocodec/%) $(STATIC)
	$(CC) $(EX_CFLAGS) $< $(filter %.o,$^) -o $@ $(LDFLAGS) $(STATIC) -pthread

# ------------------------------------------------- pkg-config and CMake
# The files that name the install directories are rebuilt whenever one of
# them changes: $(B)/install-dirs holds the values they were made with,
# and is rewritten (so is newer than they are) only when the values differ.
# So `make && make install PREFIX=/usr` installs a .pc that says /usr.
INSTALL_DIRS = $(PREFIX) $(EXEC_PREFIX) $(LIBDIR) $(INCLUDEDIR) $(VERSION)
$(B)/install-dirs: FORCE
	@mkdir -p $(@D)
	@echo '$(INSTALL_DIRS)' | cmp -s - $@ || echo '$(INSTALL_DIRS)' > $@
FORCE:

# A directory as the .pc writes it: ${prefix}- or ${exec_prefix}-relative
# when it is below that prefix (so PKG_CONFIG_SYSROOT_DIR and
# --define-prefix work), else absolute.  $(call pc_dir,DIR,BASE,NAME)
pc_dir = $(if $(filter $(2),$(1)),$${$(3)},$(if $(filter $(2)/%,$(1)),$${$(3)}/$(patsubst $(2)/%,%,$(1)),$(1)))
PC_EXEC_PREFIX = $(call pc_dir,$(EXEC_PREFIX),$(PREFIX),prefix)
PC_LIBDIR      = $(if $(filter $(EXEC_PREFIX) $(EXEC_PREFIX)/%,$(LIBDIR)),$(call pc_dir,$(LIBDIR),$(EXEC_PREFIX),exec_prefix),$(call pc_dir,$(LIBDIR),$(PREFIX),prefix))
PC_INCLUDEDIR  = $(call pc_dir,$(INCLUDEDIR),$(PREFIX),prefix)

$(PC): libmaillog.pc.in $(B)/install-dirs
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@EXEC_PREFIX@|$(PC_EXEC_PREFIX)|g' \
	    -e 's|@LIBDIR@|$(PC_LIBDIR)|g' -e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' $< > $@

# find_package(libmaillog): the config file, in $(CMAKEDIR), finds the
# library two levels up from itself and the headers from there, so a
# DESTDIR or relocated install works as it is.
empty :=
space := $(empty) $(empty)
up_from = $(subst $(space),/,$(patsubst %,..,$(subst /, ,$(1))))
CMAKE_INCLUDEDIR = $(if $(filter $(PREFIX)/%,$(LIBDIR)),$(if $(filter $(PREFIX)/%,$(INCLUDEDIR)),$${_libmaillog_libdir}/$(call up_from,$(patsubst $(PREFIX)/%,%,$(LIBDIR)))/$(patsubst $(PREFIX)/%,%,$(INCLUDEDIR)),$(INCLUDEDIR)),$(INCLUDEDIR))

$(B)/cmake/%.cmake: cmake/%.cmake.in $(B)/install-dirs
	@mkdir -p $(@D)
	sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@MAJOR@|$(MAJOR)|g' \
	    -e 's|@INCLUDEDIR@|$(CMAKE_INCLUDEDIR)|g' $< > $@

# ---------------------------------------------------------------- tests
$(TEST_BIN): $(TEST_SRCS) tests/fixture_dialect.c tests/*.h $(STATIC)
	@test -n "$(CHECK_LIBS)" || { echo "Check not found by pkg-config: run 'make deps' (Debian: apt-get install check pkg-config)"; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) $(TEST_FLAGS) -Isrc $(CHECK_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(TEST_SRCS) tests/fixture_dialect.c -o $@ \
	  $(LDFLAGS) $(STATIC) $(CHECK_LIBS)

# The public-API suites again, linked against the shared library.
$(TEST_BIN_SHARED): $(TEST_SRCS) tests/*.h $(SHARED)
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) $(TEST_FLAGS) -DML_TEST_PUBLIC_ONLY -Isrc $(CHECK_CFLAGS) $(CPPFLAGS) $(CFLAGS) \
	  $(TEST_SRCS) -o $@ $(LDFLAGS) -L$(B)/lib -lmaillog -Wl,-rpath,$(abspath $(B)/lib) $(CHECK_LIBS)

check: all $(TEST_BIN) $(if $(filter 1,$(SHARED_TESTS)),$(TEST_BIN_SHARED)) check-layout check-man check-abi check-cxx check-install check-fuzz-replay $(B)/tests/maillog-json-nocodec \
       $(if $(filter 1,$(PYTHON_TESTS)),check-python) $(B)/bench/peak-rss
	cd tests && ../$(TEST_BIN)
	$(if $(filter 1,$(SHARED_TESTS)),cd tests && ../$(TEST_BIN_SHARED))
	$(TOOL_ENV) sh tests/test_examples.sh $(B)/bin $(CORRELATE) $(B)/tests/maillog-json-nocodec
	$(if $(filter 0,$(CORRELATE)),,$(TOOL_ENV) python3 tests/test_situations.py $(B)/bin/maillog-json)
	$(if $(filter 0,$(CORRELATE)),,$(TOOL_ENV) sh tests/test_scale.sh $(B)/bin $(B)/bench/peak-rss $(SCALE_RSS_CHECK))
	$(if $(filter 1,$(SERVICE_TESTS)),$(if $(filter 0,$(CORRELATE)),,$(MAKE) check-services))

# Real services started by the tests themselves, on loopback only.
check-services: examples
	sh tests/test_rsyslog.sh $(B)/bin
	$(if $(EXPORTER),$(MAKE) -s check-exporter)
	$(if $(filter 1,$(INDEX_TESTS)),$(if $(INDEX_BIN),$(MAKE) -s check-index))

# ---------------------------------------------------------------- Python
# The package (bindings/python) installed by pip into a fresh venv, offline
# (--no-index: its build backend is in the tree and needs nothing from
# PyPI), then its pytest suite.  The venv sees the system's site-packages
# for pytest.  The extension links the library's PIC objects from this
# build instead of compiling them again.
PIC_ARCHIVE = $(B)/lib/libmaillog_pic.a
PYVENV = $(B)/python-venv
PY_SRCS = bindings/python/pyproject.toml $(wildcard bindings/python/build_backend/*.py \
          bindings/python/ext/*.[ch] bindings/python/maillog/*)

$(PIC_ARCHIVE): $(PICOBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(PICOBJS)

$(PYVENV)/.installed: $(PIC_ARCHIVE) $(PY_SRCS)
	rm -rf $(PYVENV)
	$(PYTHON) -m venv --system-site-packages $(PYVENV)
	MAILLOG_PIC_ARCHIVE=$(abspath $(PIC_ARCHIVE)) MAILLOG_CORRELATE=$(CORRELATE) \
	  CFLAGS="$(CFLAGS) -Wall -Wextra $(WERROR)" \
	  $(PYVENV)/bin/python -m pip install -q --no-index --no-cache-dir ./bindings/python
	touch $@

# Run from the build tree, so that `import maillog` finds the installed
# package, not bindings/python/maillog (which has no extension).
check-python: $(PYVENV)/.installed
	cd $(PYVENV) && MAILLOG_TEST_DATA=$(abspath tests/data) bin/python -m pytest -q -p no:cacheprovider \
	  $(abspath bindings/python/tests)

# What a user without this tree's build gets: an sdist (with its copy of
# the library's sources), pip installed into a fresh venv, offline, the
# extension compiled from those sources; then the same tests.
check-python-sdist: $(PY_SRCS)
	rm -rf $(B)/python-sdist && mkdir -p $(B)/python-sdist/dist
	cd bindings/python && $(PYTHON) -c 'import sys; sys.path.insert(0, "build_backend"); \
	  import maillog_backend as b; b.build_sdist(sys.argv[1])' $(abspath $(B)/python-sdist/dist)
	$(PYTHON) -m venv --system-site-packages $(B)/python-sdist/venv
	CFLAGS="$(CFLAGS) -Wall -Wextra $(WERROR)" $(B)/python-sdist/venv/bin/python -m pip install -q --no-index \
	  --no-cache-dir $(B)/python-sdist/dist/maillog-$(VERSION).tar.gz
	cd $(B)/python-sdist && MAILLOG_TEST_DATA=$(abspath tests/data) venv/bin/python -m pytest -q -p no:cacheprovider \
	  $(abspath bindings/python/tests)

# The package against a regex extractor and the C tool on the bench log.
# The log is the bench's synthetic Postfix log, BENCH_PY_LINES lines.
BENCH_PY_LINES ?= 1000000
BENCH_PY_LOG ?= $(B)/bench/python-$(BENCH_PY_LINES).log
bench-python: $(PYVENV)/.installed $(STATIC) $(B)/bin/maillog-json
	@mkdir -p $(B)/bench
	test -f $(BENCH_PY_LOG) || { $(CC) $(ML_CFLAGS) -O2 -pthread bench/bench.c -o $(B)/bench/bench-gen $(STATIC) && \
	  $(B)/bench/bench-gen --lines $(BENCH_PY_LINES) --runs 1 --write $(BENCH_PY_LOG) > /dev/null; }
	$(PYVENV)/bin/python bench/bench-python.py $(BENCH_PY_LOG) $(B)/bin/maillog-json
# maillog-exporter against Debian's prometheus and promtool (skipped when
# they are missing): a restart from the state file across a rotation and
# a live rotation, Prometheus's totals equal to maillog-report's.
check-exporter: $(EXPORTER) $(B)/bin/maillog-report
	@test -n "$(EXPORTER)" || { echo "check-exporter: maillog-exporter is not built (needs libmicrohttpd-dev)"; exit 1; }
	$(TOOL_ENV) sh tests/test_exporter.sh $(B)/bin; rc=$$?; [ $$rc = 0 ] || [ $$rc = 77 ]

# maillog-index against a real SQLite file and a PostgreSQL server the test
# starts itself (tests/test_index.sh).  `make check` runs it too, unless
# INDEX_TESTS=0 (CI runs it as a stage of its own).
INDEX_TESTS ?= 1
check-index: $(EXAMPLES)
	@test -n "$(INDEX_BIN)" || { echo "maillog-index is not built: install libsqlite3-dev (and libpq-dev for PostgreSQL)"; exit 1; }
	$(TOOL_ENV) sh tests/test_index.sh $(B)/bin

# ---------------------------------------------------------------- fuzzing
FUZZERS = line stream dialect json $(if $(filter 0,$(CORRELATE)),,corr)
FUZZ_SECONDS ?= 60
# FUZZ_RUNS=N instead: N executions from seed 1 -- the same inputs on every
# machine, so CI's fuzz run is reproducible (a campaign uses FUZZ_SECONDS).
FUZZ_RUNS ?=
FUZZ_LIMIT = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS) -seed=1,-max_total_time=$(FUZZ_SECONDS))
FUZZ_CC ?= clang
FUZZ_SRCS = $(SRCS) tests/json_check.c tests/fixture_dialect.c

$(B)/fuzz-seeds/.done: tests/fuzz/make-seeds.py $(wildcard tests/data/*.log)
	rm -rf $(B)/fuzz-seeds
	python3 tests/fuzz/make-seeds.py $(B)/fuzz-seeds
	touch $@

# Every harness, built with the normal compiler, replays the seeds and the
# regression inputs: their checks run in every `make check` (and so under
# ASan and valgrind too).
$(B)/tests/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/*.h tests/json_check.c \
    tests/fixture_dialect.c tests/fixture_dialect.h $(STATIC)
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) -Isrc $(CPPFLAGS) $(CFLAGS) tests/fuzz/fuzz_$*.c tests/fuzz/replay.c tests/json_check.c \
	  tests/fixture_dialect.c \
	  -o $@ $(LDFLAGS) $(STATIC)

check-fuzz-replay: $(FUZZERS:%=$(B)/tests/replay-%) $(B)/fuzz-seeds/.done
	@for f in $(FUZZERS); do \
	  $(B)/tests/replay-$$f $(B)/fuzz-seeds/* $(wildcard tests/fuzz/regress/*) || exit 1; done
	@echo "check-fuzz-replay: every harness passed on the seeds and regression inputs"

# libFuzzer (clang, Debian libclang-rt-14-dev): FUZZ_SECONDS per harness.
$(B)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/*.h tests/fixture_dialect.h $(FUZZ_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) -g -O1 -std=c99 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $< $(FUZZ_SRCS) -o $@

fuzz: $(FUZZERS:%=$(B)/fuzz/fuzz-%) $(B)/fuzz-seeds/.done
	@for f in $(FUZZERS); do \
	  mkdir -p $(B)/fuzz/corpus-$$f; \
	  echo "== fuzz-$$f ($(FUZZ_LIMIT))"; \
	  $(B)/fuzz/fuzz-$$f $(FUZZ_LIMIT) -print_final_stats=1 -max_len=200000 \
	    -artifact_prefix=$(B)/fuzz/crash-$$f- $(B)/fuzz/corpus-$$f $(B)/fuzz-seeds 2>&1 \
	    | grep -E '^(#|stat::number_of_executed_units|stat::peak_rss|Done|==.*ERROR|SUMMARY)' | tail -4 \
	    || exit 1; \
	  ls $(B)/fuzz/crash-$$f-* >/dev/null 2>&1 && { echo "fuzz-$$f: crash found"; exit 1; }; \
	done; echo "fuzz: no crashes"

# AFL++ (Debian afl++), through the same harnesses.
fuzz-afl: $(B)/fuzz-seeds/.done
	@mkdir -p $(B)/afl
	@for f in $(FUZZERS); do \
	  AFL_QUIET=1 afl-clang-fast -g -O1 -std=c99 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -fsanitize=fuzzer \
	    tests/fuzz/fuzz_$$f.c $(FUZZ_SRCS) -o $(B)/afl/afl-$$f || exit 1; \
	  mkdir -p $(B)/afl/in-$$f && cp $$(ls $(B)/fuzz-seeds/* | head -200) $(B)/afl/in-$$f/ ; \
	  find $(B)/afl/in-$$f -size +100k -delete; \
	  AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
	    timeout $$(( $(FUZZ_SECONDS) + 30 )) afl-fuzz -V $(FUZZ_SECONDS) -i $(B)/afl/in-$$f -o $(B)/afl/out-$$f \
	    -- $(B)/afl/afl-$$f > $(B)/afl/log-$$f 2>&1; \
	  echo "afl-$$f: $$(grep -h -E '^(execs_done|saved_crashes|corpus_count)' $(B)/afl/out-$$f/default/fuzzer_stats | tr -s ' ' | tr '\n' ' ')"; \
	  [ "$$(awk '/^saved_crashes/{print $$3}' $(B)/afl/out-$$f/default/fuzzer_stats)" = 0 ] || exit 1; \
	done

# The architecture, checked: no file under src/ outside src/mta/ names an
# MTA or one of its daemons (each MTA's knowledge lives in its unit), and
# no source file under src/ is over 600 lines.
MTA_WORDS = exim|qmail|sendmail|sm-mta|opensmtpd|postfix|postlogd|postscreen|smtpd|multilog|splogger|rblsmtpd|tcpserver|exchange|msgtrk|mailenable
check-layout:
	@bad=$$(grep -rniwE '$(MTA_WORDS)' src --exclude-dir=mta || true); \
	  if [ -n "$$bad" ]; then echo "check-layout: MTA names outside src/mta/:"; echo "$$bad"; exit 1; fi
	@big=$$(find src -name '*.[ch]' -exec wc -l {} + | awk '$$2 != "total" && $$1 > 600'); \
	  if [ -n "$$big" ]; then echo "check-layout: files over 600 lines:"; echo "$$big"; exit 1; fi
	@echo "check-layout: no MTA named outside src/mta/, no file under src/ over 600 lines"

# The manual in the tree against the headers (tests/abi/check-man-sources.py):
# every public function has a page of its own whose SYNOPSIS is its
# prototype, no page is left for a function that is gone, every SEE ALSO
# exists, and groff has no warning about any page.  Both headers, whatever
# CORRELATE says: the tree holds every page.  Each page's .TH names the
# version, so a new VERSION is one sed over man/*.[135] (check-man and
# check-install name any page left behind).
check-man:
	python3 tests/abi/check-man-sources.py $(VERSION) include/maillog.h include/maillog_correlate.h

# Only the documented API may be exported.
check-abi: $(SHARED)
	nm -D --defined-only $(SHARED_REAL) | awk '$$2 == "T" || $$2 == "D" || $$2 == "B" || $$2 == "R" {print $$3}' \
	  | sed 's/@.*//' | sort > $(B)/exported-symbols.txt
	$(EXPECTED_SYMBOLS) > $(B)/expected-symbols.txt
	diff -u $(B)/expected-symbols.txt $(B)/exported-symbols.txt
	@for s in $$(cat $(B)/expected-symbols.txt); do \
	  cat $(HEADERS) | grep -q "$$s(" || { echo "$$s not declared in $(HEADERS)"; exit 1; }; \
	  test -f man/$$s.3 || { echo "$$s has no page man/$$s.3"; exit 1; }; done
	@echo "check-abi: exported symbols match tests/abi/exported-symbols.txt"

# The ABI against the previous release's, with libabigail (Debian
# abigail-tools): $(ABI_BASELINE) is what `make abi-dump` wrote from the
# shared library of release 0.3.0 (commit 1052c49), on x86_64.  Functions
# may be added; a function removed, or a type that a function takes or
# returns changed, fails.  `make abi-dump` writes the description of this
# build ($(B)/abi/), to commit as the next baseline when a release is made.
ABI_BASELINE = tests/abi/libmaillog-0.3.0.abi
ABIDW_FLAGS  = --no-corpus-path --no-comp-dir-path --short-locs --drop-private-types --type-id-style hash \
               --headers-dir include
abi-dump: $(SHARED)
	@mkdir -p $(B)/abi
	abidw $(ABIDW_FLAGS) --out-file $(B)/abi/libmaillog-$(VERSION).abi $(SHARED_REAL)

check-abidiff: abi-dump
	@abidiff $(ABI_BASELINE) $(B)/abi/libmaillog-$(VERSION).abi; \
	  abidiff --no-added-syms $(ABI_BASELINE) $(B)/abi/libmaillog-$(VERSION).abi > $(B)/abi/abidiff.txt; \
	  rc=$$?; if [ $$rc -ne 0 ]; then cat $(B)/abi/abidiff.txt; \
	  echo "check-abidiff: abidiff status $$rc: an incompatible change from $(ABI_BASELINE)"; exit 1; fi
	@echo "check-abidiff: the ABI of $(VERSION) is compatible with $(ABI_BASELINE) (additions only)"

# The header must compile as C++ and as strict C89-free C99/C11.
check-cxx:
	@mkdir -p $(B)/tests
	$(CXX) -std=c++11 -Wall -Wextra -Werror -pedantic -Iinclude -c tests/cxx_header.cpp -o $(B)/tests/cxx_header.o
	$(CC) -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude -x c -c tests/cxx_header.cpp -o $(B)/tests/c11_header.o
	$(CC) -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -x c -c tests/cxx_header.cpp -o $(B)/tests/c99_header.o
	@echo "check-cxx: the public headers compile as C++11, C11 and C99"

# Every install directory for a staging install under prefix $(1): given
# on the sub-make's command line, so that the caller's own PREFIX, LIBDIR...
# (the Debian build passes LIBDIR=/usr/lib/<triplet>) do not leak in.
stage_dirs = PREFIX=$(1) EXEC_PREFIX=$(1) LIBDIR=$(1)/lib INCLUDEDIR=$(1)/include BINDIR=$(1)/bin \
  MANDIR=$(1)/share/man PKGCONFIGDIR=$(1)/lib/pkgconfig
EXPECTED_SYMBOLS = $(if $(filter 0,$(CORRELATE)),grep -v -E '^maillog_(corr|message|session|end)_' tests/abi/exported-symbols.txt,cat tests/abi/exported-symbols.txt)

# Install into a staging tree, then build the README's C example against it
# through pkg-config and run it: the .pc file, the installed header and the
# documented example are all tested.  The installed manual is checked
# against the exported symbols (tests/abi/check-man-pages.py): a page for
# each, no dangling reference; maillog(3)'s example is built against the
# installed static library and run.  Then uninstall must leave no file.
check-install: all
	rm -rf $(B)/stage
	$(MAKE) -s install DESTDIR=$(abspath $(B)/stage) $(call stage_dirs,/usr/local) B=$(B)
	grep -qx 'prefix=/usr/local' $(B)/stage/usr/local/lib/pkgconfig/libmaillog.pc
	grep -qx 'libdir=$${exec_prefix}/lib' $(B)/stage/usr/local/lib/pkgconfig/libmaillog.pc
	sed -n '/^```c$$/,/^```$$/p' README.md | sed '1d;$$d' > $(B)/stage/readme_example.c
	$(CC) -std=c99 -Wall -Wextra -Werror $(CFLAGS) $$(PKG_CONFIG_SYSROOT_DIR=$(abspath $(B)/stage) \
	  PKG_CONFIG_LIBDIR=$(abspath $(B)/stage)/usr/local/lib/pkgconfig $(PKG_CONFIG) --cflags libmaillog) \
	  $(B)/stage/readme_example.c -o $(B)/stage/readme_example \
	  $$(PKG_CONFIG_SYSROOT_DIR=$(abspath $(B)/stage) PKG_CONFIG_LIBDIR=$(abspath $(B)/stage)/usr/local/lib/pkgconfig \
	  $(PKG_CONFIG) --libs libmaillog) $(LDFLAGS) -Wl,-rpath,$(abspath $(B)/stage)/usr/local/lib
	$(B)/stage/readme_example < tests/data/postfix-loopback.log | grep -q '^alice@test.example sent$$'
	test -L $(B)/stage/usr/local/lib/libmaillog.so.$(MAJOR)
	$(EXPECTED_SYMBOLS) > $(B)/stage/expected-symbols.txt
	python3 tests/abi/check-man-pages.py $(B)/stage/usr/local/share/man $(B)/stage/expected-symbols.txt $(VERSION) \
	  $(if $(filter 0,$(CORRELATE)),--no-xref)
	sed -n '/^\.EX$$/,/^\.EE$$/p' man/maillog.3 | sed -e '1d;$$d' -e 's/\\e/\\/g' -e 's/\\-/-/g' > $(B)/stage/man_example.c
	$(CC) -std=c99 -Wall -Wextra -Werror $(CFLAGS) -I$(B)/stage/usr/local/include $(B)/stage/man_example.c \
	  -o $(B)/stage/man_example $(LDFLAGS) $(B)/stage/usr/local/lib/libmaillog.a
	$(B)/stage/man_example < tests/data/postfix-loopback.log | grep -q '^alice@test.example sent$$'
	$(MAKE) -s uninstall DESTDIR=$(abspath $(B)/stage) $(call stage_dirs,/usr/local) B=$(B)
	test -z "$$(find $(B)/stage/usr -type f -o -type l)"
	@echo "check-install: install, pkg-config, README example, manual and uninstall work"

# Programs outside the tree that find the installed library the ways
# projects do (tests/consumers/): plain pkg-config, CMake through
# pkg_check_modules(IMPORTED_TARGET) and through find_package(libmaillog),
# and Meson.  Each is built against `make install-lib` into a staging
# directory at PREFIX=/usr (after a build at the default prefix: the .pc
# must follow PREFIX) and run with LD_LIBRARY_PATH into the stage.  Needs
# cmake, meson and ninja (Debian: cmake meson ninja-build).
CONSUMERS ?= pkg-config cmake cmake-config meson
check-consumers: lib
	rm -rf $(B)/consumers
	$(MAKE) -s install-lib DESTDIR=$(abspath $(B)/consumers/stage) $(call stage_dirs,/usr) B=$(B)
	grep -qx 'prefix=/usr' $(B)/consumers/stage/usr/lib/pkgconfig/libmaillog.pc
	@for k in $(CONSUMERS); do sh tests/consumers/run.sh $$k $(B)/consumers/stage $(B)/consumers $(VERSION) || exit 1; done

# The main job: the report on the bundled real Postfix log (the per-line
# JSON when the correlation module is left out).
demo: $(EXAMPLES)
	$(TOOL_ENV) $(if $(filter 0,$(CORRELATE)),$(B)/bin/maillog-json,$(B)/bin/maillog-report) \
	  --reference-time 2026-11-29 tests/data/postfix-loopback.log

# Wall-clock stages, instructions per byte (callgrind, when valgrind is
# installed, on BENCH_INSTR_LINES lines), the same on an Exchange message
# tracking log of as many lines (bench/gen_exchange.c), then the tools
# against pflogsumm (wall time on the whole log; instructions on
# BENCH_INSTR_LINES lines).
BENCH_INSTR_LINES ?= 100000
bench: $(STATIC)
	@mkdir -p $(B)/bench
	$(CC) $(ML_CFLAGS) -O2 -g -fno-inline -pthread bench/bench.c -o $(B)/bench/bench $(STATIC)
	$(B)/bench/bench $(BENCH_ARGS) --write $(B)/bench/bench.log
	python3 bench/bench-instr.py $(B)/bench/bench $(BENCH_INSTR_LINES)
	$(CC) $(ML_CFLAGS) -O2 bench/gen_exchange.c bench/gen_exchange_rows.c -o $(B)/bench/gen-exchange
	$(B)/bench/gen-exchange $(BENCH_ARGS) --write $(B)/bench/exchange.log
	$(B)/bench/bench $(BENCH_ARGS) --read $(B)/bench/exchange.log
	$(B)/bench/gen-exchange --lines $(BENCH_INSTR_LINES) --write $(B)/bench/exchange-instr.log
	python3 bench/bench-instr.py $(B)/bench/bench $(BENCH_INSTR_LINES) --read $(B)/bench/exchange-instr.log
	$(CC) $(ML_CFLAGS) -O2 bench/peak-rss.c -o $(B)/bench/peak-rss
	$(if $(filter 1,$(PYTHON_TESTS)),$(MAKE) -s bench-python BENCH_PY_LOG=$(B)/bench/bench.log)
	$(if $(filter 0,$(CORRELATE)),,$(MAKE) -s $(B)/bin/maillog-report && python3 bench/bench-tools.py $(B)/bin/maillog-report $(B)/bench/bench.log $(BENCH_INSTR_LINES) $(B)/bench/peak-rss)

# maillog-exporter --once beside maillog-json on a generated Postfix log of
# BENCH_EXPORTER_LINES lines: lines per second of CPU time (the target is
# 100,000 on one core) and peak RSS.
BENCH_EXPORTER_LINES ?= 1000000
bench-exporter: $(B)/bin/maillog-json $(EXPORTER)
	@test -n "$(EXPORTER)" || { echo "bench-exporter: maillog-exporter is not built (needs libmicrohttpd-dev)"; exit 1; }
	@mkdir -p $(B)/bench
	$(CC) $(ML_CFLAGS) -O2 -g -pthread bench/bench.c -o $(B)/bench/bench $(STATIC)
	$(CC) $(ML_CFLAGS) -O2 bench/peak-rss.c -o $(B)/bench/peak-rss
	$(B)/bench/bench --lines $(BENCH_EXPORTER_LINES) --runs 0 --write $(B)/bench/exporter.log
	$(TOOL_ENV) python3 bench/bench-exporter.py $(B)/bin/maillog-json $(B)/bin/maillog-exporter \
	  $(B)/bench/exporter.log $(B)/bench/peak-rss
# maillog-report on a generated log and on its .gz, both on one core, in
# the same run: the times and their ratio (bench/bench-inflate.py).
# $(call bench_log,LINES,FILE): a generated log of LINES lines in FILE.
bench_log = $(B)/bench/bench-gen --lines $(1) --runs 1 --write $(2) > /dev/null
$(B)/bench/bench-gen: bench/bench.c $(STATIC)
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) -O2 -g -pthread bench/bench.c -o $@ $(STATIC)

BENCH_INFLATE_LINES ?= 600000
bench-inflate: $(B)/bench/bench-gen $(B)/bin/maillog-report
	$(call bench_log,$(BENCH_INFLATE_LINES),$(B)/bench/inflate.log)
	python3 bench/bench-inflate.py $(B)/bin/maillog-report $(B)/bench/inflate.log

# maillog-report on 8 rotated .gz files with 1, 2, 4, 8 and 16 threads
# (bench/bench-parallel.py): times, speed-ups, and the same output.
BENCH_PARALLEL_LINES ?= 800000
bench-parallel: $(B)/bench/bench-gen $(B)/bin/maillog-report
	$(call bench_log,$(BENCH_PARALLEL_LINES),$(B)/bench/parallel.log)
	python3 bench/bench-parallel.py $(B)/bin/maillog-report $(B)/bench/parallel.log
# maillog-index beside maillog-json on the same generated Postfix log
# (INDEX_BENCH_LINES lines, 1M by default): lines per second into a fresh
# SQLite file, and into PostgreSQL when PG_BENCH_DB names a database.
INDEX_BENCH_LINES ?= 1000000
bench-index: $(STATIC) $(EXAMPLES)
	@test -n "$(INDEX_BIN)" || { echo "maillog-index is not built: install libsqlite3-dev"; exit 1; }
	@mkdir -p $(B)/bench
	$(CC) $(ML_CFLAGS) -O2 -g -pthread bench/bench.c -o $(B)/bench/bench $(STATIC)
	$(B)/bench/bench --lines $(INDEX_BENCH_LINES) --runs 1 --write $(B)/bench/index.log > /dev/null
	sh bench/bench-index.sh $(B)/bin $(B)/bench/index.log $(PG_BENCH_DB)

# The instruction-count guard (CI): instructions per byte of extraction,
# JSON and correlation on 20,000 lines, against bench/instr-baseline.txt;
# fails on more than 5% growth.  `make bench-baseline` rewrites the
# baseline: commit it with a message that says why.
GUARD_LINES ?= 20000
$(B)/bench/bench-noinline: bench/bench.c $(STATIC)
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) -O2 -g -fno-inline -pthread bench/bench.c -o $@ $(STATIC)

bench-guard: $(B)/bench/bench-noinline
	python3 bench/bench-instr.py $(B)/bench/bench-noinline $(GUARD_LINES) --guard bench/instr-baseline.txt

bench-baseline: $(B)/bench/bench-noinline
	python3 bench/bench-instr.py $(B)/bench/bench-noinline $(GUARD_LINES) --write-baseline bench/instr-baseline.txt

# Memory at scale (issue 23 item 4, issue 21 item 5): a generated log of
# SCALE_N lines, then SCALE_N/10 and SCALE_N/100, each through
# maillog-report, maillog-exporter --once and maillog-index (into SQLite),
# with lines, wall and CPU seconds and peak RSS (bench/bench-scale.sh,
# through bench/peak-rss.c).  The logs and databases go to a temporary
# directory under SCALE_DIR (about 650 bytes a line at the largest size:
# 6.5 GB for 10M lines) and are deleted when each size is done.  Then
# the linear cost: extraction and correlation in memory at SCALE_LINES
# (the 10M case needs about 3 GB of memory and a few minutes).
SCALE_N ?= 10000000
SCALE_DIR ?= $(B)/bench
SCALE_LINES ?= 10000 100000 1000000 10000000
# the RSS part of tests/test_scale.sh means nothing under a sanitizer
SCALE_RSS_CHECK = $(if $(findstring -fsanitize,$(CFLAGS) $(LDFLAGS)),0,1)
$(B)/bench/peak-rss: bench/peak-rss.c
	@mkdir -p $(@D)
	$(CC) $(ML_CFLAGS) -O2 bench/peak-rss.c -o $@

bench-scale: $(STATIC) $(B)/bench/bench-gen $(B)/bench/peak-rss $(EXAMPLES)
	@mkdir -p $(SCALE_DIR)
	$(TOOL_ENV) sh bench/bench-scale.sh $(B)/bin $(B)/bench/bench-gen $(B)/bench/peak-rss $(SCALE_N) $(SCALE_DIR)
	$(CC) $(ML_CFLAGS) -O2 -g -pthread bench/bench.c -o $(B)/bench/bench $(STATIC)
	@printf '%10s %10s %14s %14s %16s\n' lines MB 'extract MB/s' 'lines/s' 'correlate msg/s'
	@for n in $(SCALE_LINES); do \
	  $(B)/bench/bench --lines $$n --runs 3 | awk -v n=$$n ' \
	    /^input:/ { mb = $$4 } \
	    /^parse \+ extract every field/ { mbs = $$(NF-4); ls = $$(NF-3) } \
	    /^correlator:/ { ms = $$4 } \
	    END { printf "%10d %10.1f %14s %14s %16s\n", n, mb, mbs, ls, ms }'; \
	done

bench-hostile: $(STATIC)
	@mkdir -p $(B)/bench
	$(CC) $(ML_CFLAGS) -O2 -g -pthread bench/bench.c -o $(B)/bench/bench $(STATIC)
	$(B)/bench/bench --hostile

deps:
	@if command -v apt-get >/dev/null 2>&1; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y make gcc g++ pkg-config check python3 zlib1g-dev \
	    liblzma-dev libbz2-dev libzstd-dev xz-utils bzip2 zstd pflogsumm libisal-dev \
	    python3-dev python3-venv python3-pytest rsyslog tzdata libmicrohttpd-dev prometheus curl \
	    libsqlite3-dev sqlite3 libpq-dev postgresql; \
	else \
	  echo "Not Debian/Ubuntu: install a C99 compiler, GNU make, pkg-config, Check (libcheck), python3, and for the tools zlib, liblzma, libbz2 and libzstd (each optional) with your package manager."; exit 1; \
	fi

# `make install` is the library and the tools; `make install-lib` the
# library alone (static and shared library, headers, libmaillog.pc, the
# CMake config, section 3 and 5 pages), which needs neither zlib nor the
# tools.  Every public function has a page of its own in man/ (NAME.3), so
# `man maillog_parser_feed` opens the page that documents it.
install: install-lib install-tools

install-lib: lib
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(MANDIR)/man3 $(if $(MAN5),$(DESTDIR)$(MANDIR)/man5)
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHARED_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf libmaillog.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SHARED_SONAME)
	ln -sf $(SHARED_SONAME) $(DESTDIR)$(LIBDIR)/libmaillog.so
	install -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(PC) $(DESTDIR)$(PKGCONFIGDIR)/
	install -m 644 $(CMAKE_CONFIG) $(DESTDIR)$(CMAKEDIR)/
	install -m 644 $(MAN3) $(DESTDIR)$(MANDIR)/man3/
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/)

install-tools: examples
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(EXAMPLES) $(DESTDIR)$(BINDIR)/
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libmaillog.a $(DESTDIR)$(LIBDIR)/libmaillog.so* \
	  $(DESTDIR)$(INCLUDEDIR)/maillog.h $(DESTDIR)$(INCLUDEDIR)/maillog_correlate.h \
	  $(DESTDIR)$(PKGCONFIGDIR)/libmaillog.pc \
	  $(addprefix $(DESTDIR)$(CMAKEDIR)/,$(notdir $(CMAKE_CONFIG))) \
	  $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(EXAMPLES))) \
	  $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1))) \
	  $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(wildcard man/*.3))) \
	  $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))

# The Debian packages (debian/: libmaillog0, libmaillog-dev, maillog-tools),
# built by dpkg-buildpackage in a copy of the tree under $(B)/deb (its clean
# step would remove this build), then checked: lintian with no error or
# warning, and the consumers of tests/consumers/ built against the -dev
# package unpacked with dpkg -x (the .pc and CMake files at the multiarch
# LIBDIR), and maillog-report of the tools package run with the packaged
# library.  DEB_BUILD_OPTIONS=nocheck skips the suite in the package build;
# DEB_JOBS is dpkg-buildpackage's -j.  Needs debhelper, dpkg-dev, lintian.
DEB_JOBS ?= auto
DEB_DIR = $(B)/deb
DEB_SRC = $(DEB_DIR)/libmaillog-$(VERSION)
deb:
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_SRC)
	tar --exclude=./$(B) --exclude=./build --exclude='./build-*' --exclude=./.git --exclude=__pycache__ -cf - . | tar -xf - -C $(DEB_SRC)
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b -j$(DEB_JOBS) > ../build.log 2>&1 || { tail -60 ../build.log; exit 1; }
	@grep -E 'dpkg-gensymbols|dpkg-shlibdeps' $(DEB_DIR)/build.log || true
	lintian --fail-on error,warning --info --display-info $(DEB_DIR)/libmaillog_$(VERSION)_*.changes
	for p in $(DEB_DIR)/libmaillog0_*.deb $(DEB_DIR)/libmaillog-dev_*.deb $(DEB_DIR)/maillog-tools_*.deb; do \
	  dpkg-deb -x $$p $(DEB_DIR)/stage || exit 1; done
	@for k in $(CONSUMERS); do sh tests/consumers/run.sh $$k $(DEB_DIR)/stage $(DEB_DIR)/consumers $(VERSION) || exit 1; done
	LD_LIBRARY_PATH=$(abspath $(DEB_DIR))/stage/usr/lib/$$(dpkg-architecture -qDEB_HOST_MULTIARCH) sh -c \
	  'ldd $(DEB_DIR)/stage/usr/bin/maillog-report | grep -q "libmaillog.so.$(MAJOR) => $(abspath $(DEB_DIR))/stage/" && \
	   $(DEB_DIR)/stage/usr/bin/maillog-report tests/data/postfix-loopback.log | grep -q "delivered"'
	@dpkg-deb -I $(DEB_DIR)/maillog-tools_*.deb | grep Depends
	@echo "deb: $$(cd $(DEB_DIR) && ls *.deb | tr '\n' ' ')built, lintian clean, consumers and tools run from them"

# The library's suites on another CPU, under qemu-user: aarch64, and s390x
# for big-endian byte order (the golden suite then proves the output
# byte-identical).  Needs Debian's gcc-$(CROSS_ARCH)-linux-gnu, qemu-user
# and check:$(CROSS_DEB_ARCH) (dpkg --add-architecture).  The scanners
# there are not SSE2's: aarch64 runs the little-endian word-at-a-time
# path, s390x the byte path.  The hostile counts and the split-point
# stride are lowered, since qemu runs several times slower.
CROSS_ARCH ?= aarch64
CROSS_DEB_ARCH = $(if $(filter aarch64,$(CROSS_ARCH)),arm64,$(CROSS_ARCH))
CROSS_TRIPLET = $(CROSS_ARCH)-linux-gnu
check-cross:
	$(MAKE) B=build-$(CROSS_ARCH) CC=$(CROSS_TRIPLET)-gcc \
	  PKG_CONFIG="env PKG_CONFIG_LIBDIR=/usr/lib/$(CROSS_TRIPLET)/pkgconfig pkg-config" \
	  build-$(CROSS_ARCH)/tests/check_maillog
	cd tests && MAILLOG_TEST_HOSTILE=20000 MAILLOG_TEST_STRIDE=7 \
	  qemu-$(CROSS_ARCH) -L / ../build-$(CROSS_ARCH)/tests/check_maillog
	@echo "check-cross: the suites passed on $(CROSS_ARCH) under qemu-$(CROSS_ARCH)"

# The suite under AddressSanitizer + UndefinedBehaviorSanitizer, in its own tree.
# Check's fork per test costs far more than the tests under ASan (its
# shadow memory is copied each time: 6 min of CPU for the suite, 38 s with
# CK_FORK=no, as valgrind runs it).  The shared library's run and the
# million-id hostile test are left to the plain and valgrind runs.
asan:
	CK_FORK=no MAILLOG_TEST_HOSTILE=$${MAILLOG_TEST_HOSTILE:-100000} \
	$(MAKE) B=build-asan PYTHON_TESTS=0 SERVICE_TESTS=0 SHARED_TESTS=0 CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" check

# Line and branch coverage of src/ by the suite and the fuzz replay (lcov).
coverage:
	rm -rf build-cov
	$(MAKE) -s B=build-cov CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage" \
	  build-cov/tests/check_maillog $(FUZZERS:%=build-cov/tests/replay-%) build-cov/fuzz-seeds/.done
	cd tests && ../build-cov/tests/check_maillog > /dev/null
	for f in $(FUZZERS); do build-cov/tests/replay-$$f build-cov/fuzz-seeds/* tests/fuzz/regress/* > /dev/null; done
	lcov -q --capture --rc lcov_branch_coverage=1 --directory build-cov/obj --output-file build-cov/all.info
	lcov -q --rc lcov_branch_coverage=1 --extract build-cov/all.info '*/src/*' --output-file build-cov/src.info
	lcov --rc lcov_branch_coverage=1 --summary build-cov/src.info

valgrind: $(TEST_BIN)
	cd tests && CK_FORK=no MAILLOG_TEST_HOSTILE=100000 valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	  -q ../$(TEST_BIN)

# Regenerate tests/data/postfix-loopback.log from a real Postfix on loopback.
capture-postfix:
	sh tests/capture/capture-postfix.sh tests/data/postfix-loopback.log

capture-postfix-situations:
	sh tests/capture/capture-postfix-situations.sh tests/data/postfix-situations.log

capture-exim-situations:
	sh tests/capture/capture-exim-situations.sh tests/data/exim-situations.log

capture-opensmtpd-situations:
	sh tests/capture/capture-opensmtpd-situations.sh tests/data/opensmtpd-situations.log

capture-sendmail-situations:
	sh tests/capture/capture-sendmail-situations.sh tests/data/sendmail-situations.log

capture-sendmail:
	sh tests/capture/capture-sendmail.sh tests/data/sendmail-loopback.log

# Every real capture, one MTA after the other (they conflict: apt removes
# the previous one).  Root, on a scratch machine.
capture-all:
	sh tests/capture/capture-postfix.sh tests/data/postfix-loopback.log
	sh tests/capture/capture-postfix-situations.sh tests/data/postfix-situations.log
	sh tests/capture/capture-sendmail.sh tests/data/sendmail-loopback.log
	sh tests/capture/capture-sendmail-situations.sh tests/data/sendmail-situations.log
	sh tests/capture/capture-exim.sh tests/data/exim-loopback.log
	sh tests/capture/capture-exim-situations.sh tests/data/exim-situations.log
	sh tests/capture/capture-opensmtpd.sh tests/data/opensmtpd-loopback.log
	sh tests/capture/capture-opensmtpd-situations.sh tests/data/opensmtpd-situations.log

clean:
	rm -rf build build-asan build-nocorr build-cov build-deb build-musl build-aarch64 build-s390x

# Compare with the public sample logs in ../shared/corpus (not shipped; the
# check is skipped when they are absent).
corpus-check: $(B)/bin/maillog-json
	python3 tests/corpus-check.py $(B)/bin/maillog-json
