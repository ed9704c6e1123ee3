# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune: plain GNU make. `make V=1` shows the commands; `make SANITIZE=1`
# builds with ASan+UBSan into its own directory.

VERSION := 0.1.0

PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
DESTDIR    ?=

CC      ?= cc
PKG_CONFIG ?= pkg-config

ifeq ($(SANITIZE),1)
BUILD   ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD   ?= build
SANFLAGS :=
endif

WARNINGS := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
	    -Wmissing-prototypes -Wvla -Wwrite-strings -fno-common \
	    -Wold-style-definition -Wundef -Wpointer-arith
PKGS     := json-c libcap
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

CFLAGS   ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARNINGS) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) \
	      -D_GNU_SOURCE -DWMTUNE_VERSION='"$(VERSION)"' -Ilib -MMD -MP
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS)
LIBS     := $(PKG_LIBS)

ifneq ($(V),1)
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2);
endif

LIB_SRCS  := $(sort $(wildcard lib/*.c))
CMD_SRCS  := $(sort $(wildcard cmd/*.c))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
CMD_OBJS  := $(CMD_SRCS:%.c=$(BUILD)/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
COMMANDS  := status events predict suggest apply reset watch record replay

.DELETE_ON_ERROR:
.PHONY: all check unit cli live deps install uninstall clean static bench \
	fuzz lint lab lab-smoke lab-service live-service lab-deps check-docs

all: $(BUILD)/wmtune

$(BUILD)/%.o: %.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libwmtune.a: $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/wmtune: $(CMD_OBJS) $(BUILD)/libwmtune.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJS) $(BUILD)/libwmtune.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libwmtune.a
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -DWM_FIXTURES='"$(abspath tests/fixtures)"' -o $@ $< $(BUILD)/libwmtune.a \
		$(ALL_LDFLAGS) $(LIBS) -lcmocka

# A static binary for the lab's initramfs (no libc or json-c in the guest).
static: $(BUILD)/wmtune-static
$(BUILD)/wmtune-static: $(CMD_OBJS) $(BUILD)/libwmtune.a
	$(call msg,LD,$@)
	$(Q)$(CC) -static -o $@ $(CMD_OBJS) $(BUILD)/libwmtune.a $(LIBS)

# make check: unit (cmocka), cli (bats on fixture trees), live (bats on
# this machine's kernel). One closing line: "N passed, N failed".
check: $(BUILD)/wmtune $(UNIT_BINS)
	$(Q)WMTUNE=$(abspath $(BUILD)/wmtune) UNIT_DIR=$(abspath $(BUILD)/tests) \
		VALGRIND=$(VALGRIND) tests/run $(TESTS)

unit cli live: $(BUILD)/wmtune $(UNIT_BINS)
	$(Q)WMTUNE=$(abspath $(BUILD)/wmtune) UNIT_DIR=$(abspath $(BUILD)/tests) \
		VALGRIND=$(VALGRIND) tests/run $@

check-docs: $(BUILD)/wmtune
	$(Q)WMTUNE=$(abspath $(BUILD)/wmtune) bats tests/cli/90-docs.bats

# Installs every missing build and test dependency; does nothing when all
# are present (so a second `make deps` never touches apt).
DEB_DEPS := gcc make pkg-config libjson-c-dev libcap-dev libcmocka-dev bats python3 \
	    util-linux procps valgrind clang libclang-rt-14-dev cppcheck clang-tidy
deps:
	$(Q)missing=$$(for p in $(DEB_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# STATIC=1 installs the static build: the same program, about 1.3 MiB of
# RSS for `watch` instead of 2.2 MiB (most of that is libc's shared pages;
# BENCHMARKS.md figure 3).
INSTALL_BIN := $(BUILD)/wmtune$(if $(STATIC),-static)
install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 $(INSTALL_BIN) $(DESTDIR)$(SBINDIR)/wmtune
	for c in $(COMMANDS); do ln -sf wmtune $(DESTDIR)$(SBINDIR)/wmtune-$$c; done
	install -m 0644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 completions/wmtune.bash $(DESTDIR)$(BASHCOMPDIR)/wmtune
	install -m 0644 completions/_wmtune $(DESTDIR)$(ZSHCOMPDIR)/_wmtune
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|g' dist/wmtune.service.in > $(DESTDIR)$(UNITDIR)/wmtune.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/wmtune.service
	[ -e $(DESTDIR)$(SYSCONFDIR)/wmtune.conf ] || \
		install -m 0644 dist/wmtune.conf $(DESTDIR)$(SYSCONFDIR)/wmtune.conf

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/wmtune $(DESTDIR)$(BASHCOMPDIR)/wmtune \
		$(DESTDIR)$(ZSHCOMPDIR)/_wmtune $(DESTDIR)$(UNITDIR)/wmtune.service
	for c in $(COMMANDS); do rm -f $(DESTDIR)$(SBINDIR)/wmtune-$$c; done
	for m in man/*.8; do rm -f $(DESTDIR)$(MANDIR)/man8/$$(basename $$m); done

clean:
	rm -rf build build-san build-fuzz

# the unit tests too: test_eventjson.c includes cmd/print_events.c
-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(UNIT_BINS:=.d)

# --- fuzzing and static analysis (tests/fuzz, make lint) ---
# `make fuzz` builds every tests/fuzz/fuzz_<name>.c with libFuzzer, ASan and
# UBSan into build-fuzz/ and runs each for FUZZ_SECONDS on its corpus
# (tests/fuzz/corpus/<name>, replayed first; new inputs go to
# build-fuzz/corpus/<name>); any crash, leak or broken invariant fails.
# `make -j2 fuzz` runs two at a time. `make lint`: cppcheck and clang-tidy.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=gnu11 $(WARNINGS) -O1 -g $(FUZZ_SAN) $(PKG_CFLAGS) \
		-D_GNU_SOURCE -DWMTUNE_VERSION='"$(VERSION)"' -Ilib -MMD -MP
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRCS:tests/fuzz/fuzz_%.c=%)
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_OBJS    := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)

$(FUZZ_BUILD)/lib/%.o: lib/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libwmtune.a: $(FUZZ_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# The harness itself is not coverage-instrumented: its invariant checks
# are not what the fuzzer should explore, and tracing them halves the speed.
$(FUZZ_BUILD)/tests/fuzz_%.o: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz_%.o $(FUZZ_BUILD)/libwmtune.a
	$(call msg,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_BUILD)/libwmtune.a $(LIBS)

fuzz-build: $(FUZZ_BINS)

# One run per harness, so that make -j runs them side by side.
FUZZ_RUNS := $(FUZZ_NAMES:%=fuzz-run-%)
fuzz: $(FUZZ_RUNS)
	@echo "fuzz: $(words $(FUZZ_NAMES)) harnesses ran $(FUZZ_SECONDS) s each, no crash"

$(FUZZ_RUNS): fuzz-run-%: $(FUZZ_BUILD)/fuzz_%
	$(Q)tests/fuzz/run $* $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Static analysis over lib/ and cmd/ with the committed configurations:
# tests/lint/cppcheck.supp and .clang-tidy (+ tests/lint/tidy.supp), each
# suppression a false positive with its reason.
CPPCHECK   ?= cppcheck
CLANG_TIDY ?= clang-tidy
LINT_SRCS  := $(LIB_SRCS) $(CMD_SRCS)
lint:
	$(call msg,CPPCHECK,lib+cmd)
	$(Q)$(CPPCHECK) --quiet --error-exitcode=1 --inline-suppr \
		--enable=warning,style,portability,performance \
		--std=c11 --platform=unix64 -D_GNU_SOURCE -D__GNUC__ \
		--suppressions-list=tests/lint/cppcheck.supp \
		-Ilib -Icmd $(LINT_SRCS)
	$(call msg,TIDY,lib+cmd)
	$(Q)CLANG_TIDY=$(CLANG_TIDY) tests/lint/tidy $(LINT_SRCS) -- \
		-std=gnu11 $(PKG_CFLAGS) -D_GNU_SOURCE \
		-DWMTUNE_VERSION='"$(VERSION)"' -Ilib -Icmd

.PHONY: fuzz-build $(FUZZ_RUNS)
.SECONDARY: $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_BUILD)/tests/%.o)
-include $(FUZZ_OBJS:.o=.d) $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_BUILD)/tests/%.d)

# --- the lab (tests/lab: make lab, make lab-smoke, make lab-deps) ---
# A Debian kernel under qemu (TCG) with real GFP_ATOMIC pressure: a module
# allocating in bursts from softirq context while dd keeps the page cache at
# the watermarks. docs/lab.md says what it shows and its limits.
# `make lab-deps` installs what is missing (root); `make lab-smoke` is one
# boot (CI); `make lab` the whole matrix (about 40 minutes), written to
# tests/lab/results/ and summed up by tests/lab/table.py.
LAB_DEBS := qemu-system-x86 linux-image-amd64 linux-headers-amd64 \
	    busybox-static cpio gnuplot-nox python3 gcc make libc6-dev \
	    libjson-c-dev libcap-dev pkg-config debootstrap systemd-container
LAB_BUILD := $(BUILD)/lab
LAB_ENV := LAB_BUILD=$(abspath $(LAB_BUILD)) \
	   WMTUNE_STATIC=$(abspath $(BUILD)/wmtune-static)

lab-deps:
	$(Q)missing=$$(for p in $(LAB_DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

lab-smoke: $(BUILD)/wmtune-static
	$(Q)$(LAB_ENV) tests/lab/smoke.sh

lab: $(BUILD)/wmtune-static
	$(Q)$(LAB_ENV) tests/lab/run.sh

# wmtune.service as `make install` writes it, run by systemd in a Debian 12
# guest (debootstrapped once, root) under real failures; not in CI (see
# docs/lab.md). SVC_ARGS: svc.KEY=VALUE for the guest's driver.
lab-service: $(BUILD)/wmtune-static
	$(Q)$(LAB_ENV) WMTUNE_BUILD=$(BUILD) tests/lab/service.sh $(SVC_ARGS)

# wmtune.service as `make install` writes it, run by systemd in a container
# on this machine's kernel (root; systemd-nspawn and debootstrap, from
# make lab-deps): it writes the real sysctls and restores them. CI runs it;
# `make check` does not (tests/live/service.sh).
live-service: $(BUILD)/wmtune-static $(BUILD)/bench/latency
	$(Q)WMTUNE_BUILD=$(BUILD) BENCH_BIN=$(abspath $(BUILD)/bench) tests/live/service.sh

# --- benchmarks (tests/bench, make bench) ---
# `make bench` builds wmtune, its static twin and the probes in
# tests/bench/*.c, runs the five benchmarks of BENCHMARKS.md once each,
# prints every figure next to its target and writes the raw numbers to
# $(BUILD)/bench/results.txt. Figure 2 writes min_free_kbytes (root) and
# restores it. No timing is asserted here or in `make check`.
BENCH_DIR  := $(BUILD)/bench
BENCH_BINS := $(BENCH_DIR)/floor $(BENCH_DIR)/latency $(BENCH_DIR)/kmsgwake \
	      $(BENCH_DIR)/parse

$(BENCH_DIR)/floor $(BENCH_DIR)/latency $(BENCH_DIR)/kmsgwake: $(BENCH_DIR)/%: tests/bench/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 $(WARNINGS) $(CFLAGS) $(SANFLAGS) -D_GNU_SOURCE -o $@ $<

$(BENCH_DIR)/parse: tests/bench/parse.c $(BUILD)/libwmtune.a
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libwmtune.a $(ALL_LDFLAGS) $(LIBS)

bench: $(BUILD)/wmtune $(BUILD)/wmtune-static $(BENCH_BINS)
	$(Q)tests/bench/run $(BUILD)
