/* SPDX-License-Identifier: MIT */
/* rx: PCRE2 with JIT and limits (see rx.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rx.h"

struct rx {
	pcre2_code *code;		/* the compiled pattern */
	pcre2_match_data *md;		/* its match data */
	pcre2_match_context *mc;	/* limits and JIT stack */
	pcre2_jit_stack *js;		/* JIT stack, NULL without JIT */
	int jit;			/* JIT compiled */
};

static char *
fmt(const char *f, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, f);
	n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, f);
	vsnprintf(s, (size_t)n + 1, f, ap);
	va_end(ap);
	return s;
}

rx *
rx_compile(const char *pattern, size_t n, unsigned flags, char **err)
{
	PCRE2_UCHAR text[256];
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;
	int code;
	rx *r;

	*err = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	if (flags & RX_CASELESS)
		opts |= PCRE2_CASELESS;
	r->code = pcre2_compile((PCRE2_SPTR)pattern, n, opts, &code, &off,
	    NULL);
	if (r->code == NULL) {
		pcre2_get_error_message(code, text, sizeof text);
		*err = fmt("bad pattern '%.*s': %s at offset %zu", (int)n,
		    pattern, (char *)text, (size_t)off);
		free(r);
		return NULL;
	}
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	r->mc = pcre2_match_context_create(NULL);
	if (r->md == NULL || r->mc == NULL)
		goto nomem;
	pcre2_set_match_limit(r->mc, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mc, RX_DEPTH_LIMIT);
	if ((getenv("PADU_NO_JIT") == NULL || *getenv("PADU_NO_JIT") == '\0') &&
	    pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0) {
		r->jit = 1;
		r->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
		if (r->js == NULL)
			goto nomem;
		pcre2_jit_stack_assign(r->mc, NULL, r->js);
	}
	return r;
nomem:
	rx_free(r);
	*err = fmt("bad pattern '%.*s': out of memory", (int)n, pattern);
	return NULL;
}

void
rx_free(rx *r)
{
	if (r == NULL)
		return;
	pcre2_jit_stack_free(r->js);
	pcre2_match_context_free(r->mc);
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
	free(r);
}

static int
status(int rc)
{
	if (rc == PCRE2_ERROR_NOMATCH)
		return RX_NOMATCH;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return RX_ELIMIT;
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		return RX_EUTF;
	return RX_EOTHER;
}

int
rx_match(rx *r, const char *s, size_t n, size_t start, size_t *ov,
    size_t novec)
{
	PCRE2_SIZE *v;
	size_t i;
	int rc;

	rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, start, 0, r->md, r->mc);
	if (rc < 0)
		return status(rc);
	if (rc == 0)	/* more groups than the match data holds: cannot be */
		rc = (int)pcre2_get_ovector_count(r->md);
	v = pcre2_get_ovector_pointer(r->md);
	for (i = 0; ov && i < novec && i < (size_t)rc; i++) {
		ov[2 * i] = v[2 * i];
		ov[2 * i + 1] = v[2 * i + 1];
	}
	return rc;
}

int
rx_replace(rx *r, const char *s, size_t n, const char *repl, int global,
    struct buf *out, char **err)
{
	uint32_t opts = PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
	    (global ? PCRE2_SUBSTITUTE_GLOBAL : 0);
	PCRE2_SIZE len;
	int rc;

	if (err)
		*err = NULL;
	for (;;) {
		len = out->cap > out->len + 1 ? out->cap - out->len - 1 : 0;
		if (len == 0) {
			if (buf_reserve(out, n + 64) < 0)
				return RX_EOTHER;
			continue;
		}
		rc = pcre2_substitute(r->code, (PCRE2_SPTR)s, n, 0, opts,
		    r->md, r->mc, (PCRE2_SPTR)repl, PCRE2_ZERO_TERMINATED,
		    (PCRE2_UCHAR *)out->p + out->len, &len);
		if (rc != PCRE2_ERROR_NOMEMORY)
			break;
		/* len is now the length needed, without the NUL. */
		if (buf_reserve(out, len + 1) < 0)
			return RX_EOTHER;
	}
	if (rc < 0) {
		if (err && status(rc) == RX_EOTHER) {
			PCRE2_UCHAR text[256];
			pcre2_get_error_message(rc, text, sizeof text);
			*err = fmt("bad replacement '%s': %s", repl,
			    (char *)text);
		}
		return status(rc);
	}
	out->len += len;
	out->p[out->len] = '\0';
	return rc;
}

const char *
rx_strerror(int code)
{
	switch (code) {
	case RX_ELIMIT:
		return "pattern exceeded its match limit (catastrophic "
		    "backtracking?)";
	case RX_EUTF:
		return "subject is not valid UTF-8";
	case RX_NOMATCH:
		return "no match";
	}
	return "matching failed";
}

int
rx_jit(const rx *r)
{
	return r->jit;
}

int
rx_check_replacement(rx *r, const char *repl, char **err)
{
	uint32_t ngroups = 0;
	const char *p = repl, *q;
	char name[128];

	*err = NULL;
	pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	while ((p = strchr(p, '$')) != NULL) {
		int brace = p[1] == '{';
		long num = -1;
		size_t n;

		q = p + 1 + brace;
		if (!brace && p[1] == '$') {
			p += 2;
			continue;
		}
		if (*q >= '0' && *q <= '9') {
			num = 0;
			while (*q >= '0' && *q <= '9' && num < 100000)
				num = num * 10 + (*q++ - '0');
		} else {
			const char *s = q;
			while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
			    (*q >= '0' && *q <= '9') || *q == '_')
				q++;
			if (q == s) {
				*err = fmt("bad replacement '%s': '$' at offset %zu "
				    "is not followed by a group (write $$ for a "
				    "dollar sign)", repl, (size_t)(p - repl));
				return -1;
			}
			n = (size_t)(q - s);
			if (n >= sizeof name)
				n = sizeof name - 1;
			memcpy(name, s, n);
			name[n] = '\0';
		}
		if (brace && *q++ != '}') {
			*err = fmt("bad replacement '%s': '${' at offset %zu is "
			    "not closed", repl, (size_t)(p - repl));
			return -1;
		}
		if (num >= 0 && (uint32_t)num > ngroups) {
			*err = fmt("bad replacement '%s': group %ld does not "
			    "exist (the pattern has %u)", repl, num,
			    (unsigned)ngroups);
			return -1;
		}
		if (num < 0 && pcre2_substring_number_from_name(r->code,
		    (PCRE2_SPTR)name) < 0) {
			*err = fmt("bad replacement '%s': the pattern has no "
			    "group named '%s'", repl, name);
			return -1;
		}
		p = q;
	}
	return 0;
}
