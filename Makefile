# The patient portal. `make run` and `make test` are the two commands;
# see README.md. Everything else here serves them.

CC      ?= cc
PKGS    := libfcgi-dev libfcgi-bin spawn-fcgi multiwatch nginx mariadb-server \
           mariadb-client libmariadb-dev clearsilver-dev libssl-dev libyaml-dev \
           libargon2-dev libjansson-dev libcurl4-openssl-dev libqrencode-dev \
           libcmocka-dev wrk gcc make pkg-config curl openssl valgrind chromium nodejs tzdata

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
DEFS    := -D_GNU_SOURCE
INCS    := -Imodules -I/usr/include/ClearSilver $(shell pkg-config --cflags libmariadb 2>/dev/null)
OPT     ?= -O2 -g
CFLAGS  := $(WARN) $(HARDEN) $(DEFS) $(INCS) $(OPT)
LDFLAGS := -pie -Wl,-z,relro,-z,now
LIBS    := -lfcgi -lneo_cgi -lneo_cs -lneo_utl -lz -lyaml -largon2 -lssl -lcrypto -lm \
           $(shell pkg-config --libs libmariadb 2>/dev/null || echo -lmariadb)

SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

MODULES := $(wildcard modules/*.c)
FEATURES:= login home staff messages inbox account appointments schedule results refills record
BINS    := $(addprefix cgi-bin/,$(FEATURES)) cgi-bin/portalctl cgi-bin/notifier
UNIT    := $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))

# Short lines while building; `make V=1` shows every command.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n'
endif

.PHONY: all deps run stop test unit bench lint clean status
all: $(BINS) build/hello

build/%.o: modules/%.c modules/portal.h modules/internal.h
	@mkdir -p build
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

build/libportal.a: $(patsubst modules/%.c,build/%.o,$(MODULES))
	$(say) AR $@
	$(Q)ar rcs $@ $^

cgi-bin/%: cgi-bin/%.c build/libportal.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< build/libportal.a $(LIBS) -o $@

# The notifier alone speaks SMTP and HTTP (libcurl) and reads the SMS
# gateway's JSON answers (jansson).
NOTIFIER_LIBS := $(shell pkg-config --libs libcurl jansson 2>/dev/null || echo -lcurl -ljansson)
# The record builds its FHIR download with jansson.
cgi-bin/record: cgi-bin/record.c build/libportal.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< build/libportal.a $(LIBS) $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson) -o $@

cgi-bin/notifier: cgi-bin/notifier.c build/libportal.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< build/libportal.a $(LIBS) $(NOTIFIER_LIBS) -o $@

build/hello: tests/hello.c
	@mkdir -p build
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -lfcgi -o $@

# The same library with AddressSanitizer and UBSan, for the unit tests.
build/asan/%.o: modules/%.c modules/portal.h modules/internal.h
	@mkdir -p build/asan
	$(say) CC $< "(ASan+UBSan)"
	$(Q)$(CC) $(CFLAGS) -O1 $(SAN) -c $< -o $@

build/asan/libportal.a: $(patsubst modules/%.c,build/asan/%.o,$(MODULES))
	$(say) AR $@
	$(Q)ar rcs $@ $^

build/unit/%: tests/unit/%.c tests/unit/unit.h build/asan/libportal.a
	@mkdir -p build/unit
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) -O1 $(SAN) -Itests/unit $< build/asan/libportal.a $(LIBS) -lcmocka -o $@

deps:
	@scripts/deps $(PKGS)

run: deps all
	@scripts/stack start

stop:
	@scripts/stack stop

status:
	@scripts/stack status

unit: $(UNIT)

lint:
	@tests/lint-templates

test: deps all unit
	@scripts/test-all

bench: deps all
	@scripts/bench

clean:
	rm -rf build $(BINS)
