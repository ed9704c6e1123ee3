// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Idle skims answered ahead of time (see skimlist.h): built by the
 * read-ahead thread, read by the thread that assembles reports.
 */
#include <string.h>

#include "logscan.h"
#include "skimlist.h"

/*
 * The first line end ('\n' or NUL) in s..end, NULL if none: memchr()'s
 * vector loops, a NUL looked for only before the '\n' (lines of a log
 * are ~100 bytes: a byte loop was a quarter of the reader's work).
 */
static const char *line_end(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	const char *nul = memchr(s, '\0', (size_t)((nl ? nl : end) - s));

	return nul ? nul : nl;
}

void wm_skim_list_build(struct wm_skim_list *l, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *s, *e;
	uint64_t nl = 0;

	l->buf = buf;
	l->len = len;
	l->n = 0;
	l->full = false;
	for (;;) {
		s = wm_logscan_skim(p, (size_t)(end - p), &nl);
		e = line_end(s, end);
		if (!e)
			break;	/* s: the partial last line */
		if (l->n == WM_SKIM_LIST_MAX) {
			l->full = true;
			return;
		}
		l->hit[l->n].at = (uint32_t)(s - buf);
		l->hit[l->n].nl = (uint32_t)nl;
		l->n++;
		nl++;		/* e's */
		p = e + 1;
	}
	l->tail = (uint32_t)(s - buf);
	l->tail_nl = (uint32_t)nl;
}

const char *wm_skim_list_skim(struct wm_skim_cursor *c, const char *p,
			      uint64_t *lines)
{
	const struct wm_skim_list *l = c->l;
	size_t at;

	if (p < l->buf || p > l->buf + l->len)
		return NULL;
	at = (size_t)(p - l->buf);
	while (c->i < l->n && l->hit[c->i].at < at)
		c->i++;
	if (c->i < l->n) {
		*lines = c->base + l->hit[c->i].nl;
		return l->buf + l->hit[c->i].at;
	}
	if (l->full)
		return NULL;
	*lines = c->base + l->tail_nl;
	return l->buf + l->tail;
}
