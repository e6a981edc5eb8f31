# Madoguchi build. `make run` starts everything; `make test` runs every test.
CC      ?= cc
PKGS     = libmicrohttpd libsodium libcrypto libpq libzip libqrencode libseccomp gnutls
SAN     ?=
CFLAGS  ?= -O2 -g
MCFLAGS  = $(CFLAGS) $(SAN) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
           -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith \
           -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE \
           $(shell pkg-config --cflags $(PKGS)) -I.
MLDFLAGS = $(LDFLAGS) $(SAN) -pie -Wl,-z,relro,-z,now
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lpthread

BUILD   ?= build
# One library of shared parts (crypto/, server/common/); each program links
# its own folder's objects and never another program's.
LIBSRC   = $(wildcard crypto/*.c server/common/*.c)
LIBOBJ   = $(LIBSRC:%.c=$(BUILD)/%.o)
INTAKEOBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard server/intake/*.c))
REVIEWOBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard server/review/*.c))
ADMINOBJ  = $(patsubst %.c,$(BUILD)/%.o,$(wildcard server/admin/*.c))
NOTIFYOBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard server/notify/*.c))
# only the notifier links libcurl (its SMTP client)
CURLCFLAGS = $(shell pkg-config --cflags libcurl)
CURLLIBS   = $(shell pkg-config --libs libcurl)
HEADERS   = $(wildcard crypto/*.h server/*/*.h)
BINS     = $(BUILD)/madoguchi-intake $(BUILD)/madoguchi-review $(BUILD)/madoguchi-admin \
           $(BUILD)/madoguchi-notify
UNITSRC  = $(wildcard tests/unit/test_*.c)
UNITBINS = $(UNITSRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run test test-unit deps clean asan fuzz valgrind
all: $(BINS) $(UNITBINS) $(BUILD)/tests/mdg-totp $(BUILD)/tests/mdg-store-session \
     $(BUILD)/tests/slowloris

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(MCFLAGS) -c $< -o $@

$(BUILD)/libmadoguchi.a: $(LIBOBJ)
	ar rcs $@ $^

$(BUILD)/madoguchi-intake: $(INTAKEOBJ) $(BUILD)/libmadoguchi.a
	$(CC) $(MLDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/madoguchi-review: $(REVIEWOBJ) $(BUILD)/libmadoguchi.a
	$(CC) $(MLDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/madoguchi-admin: $(ADMINOBJ) $(BUILD)/libmadoguchi.a
	$(CC) $(MLDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/madoguchi-notify: $(NOTIFYOBJ) $(BUILD)/libmadoguchi.a
	$(CC) $(MLDFLAGS) -o $@ $^ $(LDLIBS) $(CURLLIBS)

$(BUILD)/server/notify/%.o: server/notify/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(MCFLAGS) $(CURLCFLAGS) -c $< -o $@

# The notifier's unit test links its objects except main.
$(BUILD)/tests/test_notify: tests/unit/test_notify.c $(filter-out %/main.o,$(NOTIFYOBJ)) $(BUILD)/libmadoguchi.a
	@mkdir -p $(dir $@)
	$(CC) $(MCFLAGS) $(MLDFLAGS) -o $@ $^ $(LDLIBS) $(CURLLIBS) -lcmocka

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libmadoguchi.a
	@mkdir -p $(dir $@)
	$(CC) $(MCFLAGS) $(MLDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/tests/mdg-totp: tests/tools/totp.c $(BUILD)/libmadoguchi.a
	@mkdir -p $(dir $@)
	$(CC) $(MCFLAGS) $(MLDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/mdg-store-session: tests/tools/store_session.c $(BUILD)/libmadoguchi.a
	@mkdir -p $(dir $@)
	$(CC) $(MCFLAGS) $(MLDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/slowloris: tests/tools/slowloris.c
	@mkdir -p $(dir $@)
	$(CC) $(MCFLAGS) $(MLDFLAGS) -o $@ $<

deps:
	@scripts/deps.sh

run: deps all
	@scripts/run.sh

test: deps all
	@tests/run.sh $(BUILD)

# Sanitizer build of the whole suite, in its own build directory.
asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g" \
	        SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	tests/run.sh build-asan

# The unit tests under valgrind: any error or definite leak fails. The
# seccomp test is left out: valgrind's own system calls trip the filter.
valgrind: all
	@for t in $(filter-out %/test_sandbox,$(UNITBINS)); do \
		valgrind -q --error-exitcode=9 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect $$t >/dev/null 2>$$t.vg || \
		    { cat $$t.vg; echo "valgrind: $$t failed"; exit 1; }; \
		echo "valgrind: $$(basename $$t) clean"; \
	done

# Every libFuzzer target for FUZZ_SECONDS each (CI: 60).
FUZZ_SECONDS ?= 60
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-fuzz build-deb

# ---- install: `make install PREFIX=/usr DESTDIR=/tmp/stage` -------------
# Every program in BINS, the templates and catalogs, migrations, man pages,
# systemd units and example configuration. Paths written into the units
# and the example configuration follow PREFIX; files go under DESTDIR.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/madoguchi
MANDIR  ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
MANPAGES = $(wildcard man/*.[1-8])
UNITS    = $(wildcard deploy/*.service deploy/*.timer)
EXAMPLES = $(wildcard deploy/*.example deploy/*.sql deploy/tor/torrc)
# the shipped files name /usr/local; an installed copy names its own PREFIX
PREFIXED = sed -e 's|/usr/local/bin|$(BINDIR)|g' -e 's|/usr/local/share/madoguchi|$(DATADIR)|g'

.PHONY: install uninstall programs
# the programs alone (the Debian package builds only these)
programs: $(BINS)

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/examples \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BINS) $(DESTDIR)$(BINDIR)/
	cd templates && find . -type d -exec install -d -m 0755 '$(DESTDIR)$(DATADIR)/templates/{}' \;
	cd templates && find . -type f -exec install -m 0644 '{}' '$(DESTDIR)$(DATADIR)/templates/{}' \;
	install -d $(DESTDIR)$(DATADIR)/migrations
	install -m 0644 migrations/*.sql $(DESTDIR)$(DATADIR)/migrations/
	for f in $(UNITS); do $(PREFIXED) $$f >$(DESTDIR)$(UNITDIR)/$${f##*/} && \
	    chmod 0644 $(DESTDIR)$(UNITDIR)/$${f##*/} || exit 1; done
	for f in $(EXAMPLES); do $(PREFIXED) $$f >$(DESTDIR)$(DATADIR)/examples/$${f##*/} && \
	    chmod 0644 $(DESTDIR)$(DATADIR)/examples/$${f##*/} || exit 1; done
	for m in $(MANPAGES); do install -D -m 0644 $$m \
	    $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/} || exit 1; done

# The production road (docs/deploy.md) on this machine: builds the Debian
# package, installs it, recreates PostgreSQL's cluster 15/main. CI only.
.PHONY: test-deploy
test-deploy: deps all
	MDG_DEPLOY_TEST=1 tests/deploy/run.sh $(BUILD)

uninstall:
	for b in $(notdir $(BINS)); do rm -f $(DESTDIR)$(BINDIR)/$$b; done
	for u in $(notdir $(UNITS)); do rm -f $(DESTDIR)$(UNITDIR)/$$u; done
	for m in $(MANPAGES); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	rm -rf $(DESTDIR)$(DATADIR)
