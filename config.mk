# padu build knobs.  Override on the command line: make PREFIX=/usr CC=clang

# Installation
PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man

# Tools
CC = cc
PKG_CONFIG = pkg-config

# User flags: appended after the required ones, so they win.
CFLAGS = -O2 -g
LDFLAGS =

# Warnings; WERROR=1 (as CI sets it) turns them into errors.
WARN = -Wall -Wextra -Wstrict-prototypes -Wshadow -Wswitch-enum -Wformat=2

# Dependencies (Debian: libcsv-dev, libjansson-dev, libpcre2-dev).
# libcsv ships no .pc file.
CSV_CFLAGS =
CSV_LIBS ?= -lcsv
JANSSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JANSSON_LIBS = $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
PCRE2_CFLAGS = $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS = $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
# XLSX input: libzip-dev, libexpat1-dev.
XLSX_CFLAGS = $(shell $(PKG_CONFIG) --cflags libzip expat 2>/dev/null)
XLSX_LIBS = $(shell $(PKG_CONFIG) --libs libzip expat 2>/dev/null || echo -lzip -lexpat)
# XLSX output (padu-render): libxlsxwriter-dev.
XLSXW_CFLAGS = $(shell $(PKG_CONFIG) --cflags xlsxwriter 2>/dev/null)
XLSXW_LIBS = $(shell $(PKG_CONFIG) --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter)
# Keyed hashing (padu-mask): libsodium-dev.
SODIUM_CFLAGS = $(shell $(PKG_CONFIG) --cflags libsodium 2>/dev/null)
SODIUM_LIBS = $(shell $(PKG_CONFIG) --libs libsodium 2>/dev/null || echo -lsodium)
