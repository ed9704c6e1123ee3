// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "netstat.h"
#include "text.h"

static const struct {
	const char *name;
	size_t off;
} tcpext_keys[] = {
	{ "PFMemallocDrop", offsetof(struct wm_netstat, pfmemalloc_drop) },
	{ "TCPMemoryPressures",
	  offsetof(struct wm_netstat, tcp_memory_pressures) },
};

void wm_netstat_init(struct wm_netstat *ns)
{
	ns->pfmemalloc_drop = WM_UNKNOWN;
	ns->tcp_memory_pressures = WM_UNKNOWN;
}

/* "TcpExt:" of a line; false if the line does not start with "Word:". */
static bool ns_prefix(struct wm_span line, struct wm_span *prefix)
{
	struct wm_span s = line;

	if (!wm_span_word(&s, prefix) || prefix->len < 2 ||
	    prefix->p[prefix->len - 1] != ':')
		return false;
	return true;
}

static int ns_value(struct wm_span name, struct wm_span val,
		    unsigned long lineno, struct wm_netstat *ns,
		    struct wm_parse_error *err)
{
	unsigned i;
	uint64_t v;
	int rc;

	for (i = 0; i < WM_ARRAY_SIZE(tcpext_keys); i++) {
		if (!wm_span_eq(name, tcpext_keys[i].name))
			continue;
		rc = wm_parse_u64(val, &v);
		if (rc == 0 && v == WM_UNKNOWN)
			rc = -ERANGE;
		if (rc) {
			wm_parse_error_set(err, lineno, "TcpExt %s: %s",
					   tcpext_keys[i].name,
					   rc == -ERANGE ? "number too large" :
							   "not a number");
			return rc == -ERANGE ? -ERANGE : -EPROTO;
		}
		*(uint64_t *)((char *)ns + tcpext_keys[i].off) = v;
	}
	return 0;
}

/* Walk the header and value words of one TcpExt pair together. */
static int ns_tcpext(struct wm_span head, struct wm_span vals,
		     unsigned long lineno, struct wm_netstat *ns,
		     struct wm_parse_error *err)
{
	struct wm_span name, val;
	bool more_h, more_v;
	int rc;

	wm_span_word(&head, &name);	/* the prefixes */
	wm_span_word(&vals, &val);
	for (;;) {
		more_h = wm_span_word(&head, &name);
		more_v = wm_span_word(&vals, &val);
		if (more_h != more_v) {
			wm_parse_error_set(err, lineno,
					   "TcpExt: %s values than names",
					   more_h ? "fewer" : "more");
			return -EPROTO;
		}
		if (!more_h)
			return 0;
		rc = ns_value(name, val, lineno, ns, err);
		if (rc)
			return rc;
	}
}

int wm_netstat_parse(const char *buf, size_t len, struct wm_netstat *ns,
		     struct wm_parse_error *err)
{
	struct wm_span head = { NULL, 0 }, line, hp, vp;
	bool have_head = false, seen_tcpext = false;
	struct wm_lines it;
	int rc;

	wm_netstat_init(ns);
	while (len && buf[len - 1] != '\n')
		len--;
	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		if (wm_span_trim(line).len == 0)
			continue;
		if (!ns_prefix(line, &vp)) {
			wm_parse_error_set(err, it.lineno,
					   "expected 'Prefix: ...'");
			rc = -EPROTO;
			goto fail;
		}
		if (!have_head) {
			head = line;
			have_head = true;
			continue;
		}
		have_head = false;
		ns_prefix(head, &hp);
		if (hp.len != vp.len || memcmp(hp.p, vp.p, hp.len) != 0) {
			wm_parse_error_set(err, it.lineno,
					   "values do not follow their header");
			rc = -EPROTO;
			goto fail;
		}
		if (!wm_span_eq(vp, "TcpExt:"))
			continue;
		if (seen_tcpext) {
			wm_parse_error_set(err, it.lineno,
					   "TcpExt given twice");
			rc = -EPROTO;
			goto fail;
		}
		seen_tcpext = true;
		rc = ns_tcpext(head, line, it.lineno, ns, err);
		if (rc)
			goto fail;
	}
	return 0;
fail:
	wm_netstat_init(ns);	/* nothing half-parsed survives */
	return rc;
}
