# The patient portal. `make run` and `make test` are the two commands;
# see README.md. Everything else here serves them.
#
# Two phases, so that a fresh machine works the first time: the targets
# people type (all, run, test, bench, unit) first install the Debian
# packages that are missing (scripts/deps), then build in a second make
# whose flags are computed from those packages (pkg-config) and whose
# program lists come from the features' declaration (cgi-bin/features.c).

CC      ?= cc
PKGS    := libfcgi-dev libfcgi-bin spawn-fcgi multiwatch nginx mariadb-server \
           mariadb-client libmariadb-dev clearsilver-dev libssl-dev libyaml-dev \
           libargon2-dev libjansson-dev libcurl4-openssl-dev libqrencode-dev \
           libcmocka-dev wrk gcc make pkg-config curl openssl valgrind chromium nodejs tzdata

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
DEFS    := -D_GNU_SOURCE
OPT     ?= -O2 -g
LDFLAGS := -pie -Wl,-z,relro,-z,now
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Read from pkg-config when a recipe first needs them (never when make reads
# this file: the packages may not be installed yet), then kept.
MARIADB_CFLAGS = $(eval MARIADB_CFLAGS := $(shell pkg-config --cflags libmariadb))$(MARIADB_CFLAGS)
MARIADB_LIBS = $(eval MARIADB_LIBS := $(shell pkg-config --libs libmariadb || echo -lmariadb))$(MARIADB_LIBS)
pkglibs = $(if $1,$(shell pkg-config --libs $1))

CFLAGS   = $(WARN) $(HARDEN) $(DEFS) -Imodules -I/usr/include/ClearSilver $(MARIADB_CFLAGS) $(OPT)
LIBS     = -lfcgi -lneo_cgi -lneo_cs -lneo_utl -lz -lyaml -largon2 -lssl -lcrypto -lm $(MARIADB_LIBS)

# The library, layer by layer (modules/portal.h tells what each holds).
LAYERS  := core base services domain loop
LIB_SRC := $(foreach l,$(LAYERS),$(wildcard modules/$l/*.c))
HEADERS := $(wildcard modules/*.h modules/*/*.h)
LIB_OBJ := $(patsubst modules/%.c,build/%.o,$(LIB_SRC))
ASAN_OBJ:= $(patsubst modules/%.c,build/asan/%.o,$(LIB_SRC))
UNIT    := $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))

# Short lines while building; `make V=1` shows every command.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n'
endif

.PHONY: all deps programs run stop test unit unit-build bench lint clean status features nginx-site
all: deps
	@$(MAKE) --no-print-directory PORTAL_BUILD=1 programs

deps:
	@scripts/deps $(PKGS)

run: all
	@scripts/stack start

stop:
	@scripts/stack stop

status:
	@scripts/stack status

unit: deps
	@$(MAKE) --no-print-directory PORTAL_BUILD=1 unit-build

lint:
	@tests/lint-templates

test: deps
	@$(MAKE) --no-print-directory PORTAL_BUILD=1 programs unit-build
	@scripts/test-all

bench: all
	@scripts/bench

clean:
	rm -rf build
	@for f in cgi-bin/*.c; do b=$${f%.c}; [ -f "$$b" ] && rm -f "$$b"; done; true

# The features' declaration as make sees it: program lists, extra libraries.
build/features: scripts/features.c cgi-bin/features.c $(HEADERS)
	@mkdir -p build
	$(say) CC $@
	$(Q)$(CC) $(WARN) $(DEFS) -Imodules scripts/features.c cgi-bin/features.c -o $@

build/features.mk: build/features
	$(Q)build/features make >$@.tmp && mv $@.tmp $@

features: build/features
	@build/features list

ifdef PORTAL_BUILD
include build/features.mk
BINS := $(addprefix cgi-bin/,$(WEB_PROGRAMS) $(DAEMONS) $(TOOLS))

programs: $(BINS) build/hello

build/%.o: modules/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

build/libportal.a: $(LIB_OBJ)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

build/features.o: cgi-bin/features.c $(HEADERS)
	@mkdir -p build
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# A program: its file, the declaration of features, the library, and the
# packages its declaration names (LIBS_<program>, from build/features.mk).
$(BINS): cgi-bin/%: cgi-bin/%.c build/features.o build/libportal.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< build/features.o build/libportal.a $(LIBS) $(call pkglibs,$(LIBS_$*)) -o $@

build/hello: tests/hello.c
	@mkdir -p build
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -lfcgi -o $@

# The same library with AddressSanitizer and UBSan, for the unit tests.
build/asan/%.o: modules/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(say) CC $< "(ASan+UBSan)"
	$(Q)$(CC) $(CFLAGS) -O1 $(SAN) -c $< -o $@

build/asan/features.o: cgi-bin/features.c $(HEADERS)
	@mkdir -p build/asan
	$(Q)$(CC) $(CFLAGS) -O1 $(SAN) -c $< -o $@

build/asan/libportal.a: $(ASAN_OBJ)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

build/unit/%: tests/unit/%.c tests/unit/unit.h build/asan/libportal.a build/asan/features.o
	@mkdir -p build/unit
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) -O1 $(SAN) -Itests/unit $< build/asan/features.o build/asan/libportal.a $(LIBS) \
		$(call pkglibs,jansson) -lcmocka -o $@

unit-build: $(UNIT)

# The production nginx site (nginx/portal.conf.in with the features' locations).
nginx-site: build/nginx/portal.conf
build/nginx/portal.conf: nginx/portal.conf.in build/features
	@mkdir -p build/nginx
	$(Q)build/features nginx /run/portal portal_signin 10 >build/nginx/locations.conf
	$(Q)awk '/@LOCATIONS@/ { while ((getline line < "build/nginx/locations.conf") > 0) print line; next } { print }' \
		nginx/portal.conf.in >$@
	@echo "wrote $@"
endif
