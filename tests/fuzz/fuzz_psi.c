// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_psi_parse() on arbitrary bytes. Invariants: on success "some" is
 * present with all four fields; each average N (hundredths) appears in
 * the input as "<N / 100>.<N % 100, two digits>" and each total as
 * digits; "full", if present, likewise; our rendering in the kernel's
 * format parses back to the same struct. On failure nothing is present
 * and the message is usable. The word-by-word walk
 * (wm_psi_parse_walk()) comes to the same status, error and values.
 */
#include "fuzz.h"
#include "psi.h"

static bool has_text(const char *buf, size_t len, const char *s)
{
	return memmem(buf, len, s, strlen(s)) != NULL;
}

static void check_avg(const char *buf, size_t len, const char *key,
		      uint64_t v)
{
	char want[48];

	snprintf(want, sizeof(want), "%s=%" PRIu64 ".%02u", key, v / 100,
		 (unsigned)(v % 100));
	/* leading zeros ("avg10=007.50") are accepted: compare the tail */
	if (has_text(buf, len, want))
		return;
	snprintf(want, sizeof(want), "%" PRIu64 ".%02u", v / 100,
		 (unsigned)(v % 100));
	FUZZ_CHECK(has_text(buf, len, want), "%s %" PRIu64 " not in input",
		   key, v);
}

static void check_line(const char *buf, size_t len,
		       const struct fuzz_numbers *nums,
		       const struct wm_psi_line *l)
{
	FUZZ_CHECK(l->avg10 != WM_UNKNOWN && l->avg60 != WM_UNKNOWN &&
			   l->avg300 != WM_UNKNOWN && l->total_usec != WM_UNKNOWN,
		   "a present line with an unknown field");
	check_avg(buf, len, "avg10", l->avg10);
	check_avg(buf, len, "avg60", l->avg60);
	check_avg(buf, len, "avg300", l->avg300);
	FUZZ_CHECK(fuzz_numbers_has(nums, l->total_usec),
		   "total %" PRIu64 " not in input", l->total_usec);
}

static void render_line(struct fuzz_text *t, const char *kind,
			const struct wm_psi_line *l)
{
	if (!l->present)
		return;
	fuzz_text_add(t, "%s avg10=%" PRIu64 ".%02u avg60=%" PRIu64
		      ".%02u avg300=%" PRIu64 ".%02u total=%" PRIu64 "\n",
		      kind, l->avg10 / 100, (unsigned)(l->avg10 % 100),
		      l->avg60 / 100, (unsigned)(l->avg60 % 100),
		      l->avg300 / 100, (unsigned)(l->avg300 % 100),
		      l->total_usec);
}

static bool same_line(const struct wm_psi_line *a, const struct wm_psi_line *b)
{
	return a->present == b->present && a->avg10 == b->avg10 &&
	       a->avg60 == b->avg60 && a->avg300 == b->avg300 &&
	       a->total_usec == b->total_usec;
}

static void round_trip(const struct wm_psi *psi)
{
	struct wm_psi again;
	struct wm_parse_error err;
	struct fuzz_text t;
	int rc;

	fuzz_text_init(&t, 512);
	render_line(&t, "some", &psi->some);
	render_line(&t, "full", &psi->full);
	fuzz_error_init(&err);
	rc = wm_psi_parse(t.p, t.len, &again, &err);
	FUZZ_CHECK(rc == 0, "re-parse failed: %d: %s", rc, err.msg);
	FUZZ_CHECK(again.present && same_line(&again.some, &psi->some) &&
			   same_line(&again.full, &psi->full),
		   "re-parse differs");
	fuzz_text_free(&t);
}

static void same_as_walk(const char *buf, size_t size, int rc,
			 const struct wm_psi *psi,
			 const struct wm_parse_error *err)
{
	struct wm_psi walk;
	struct wm_parse_error werr;
	int wrc;

	memset(&walk, 0x5a, sizeof(walk));
	fuzz_error_init(&werr);
	wrc = wm_psi_parse_walk(buf, size, &walk, &werr);
	FUZZ_CHECK(wrc == rc && werr.line == err->line &&
			   strcmp(werr.msg, err->msg) == 0,
		   "parse %d line %lu '%s', walk %d line %lu '%s'", rc,
		   err->line, err->msg, wrc, werr.line, werr.msg);
	FUZZ_CHECK(walk.present == psi->present &&
			   same_line(&walk.some, &psi->some) &&
			   same_line(&walk.full, &psi->full),
		   "parse and walk differ");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wm_psi psi;
	struct wm_parse_error err;
	struct fuzz_numbers nums;
	char *buf = fuzz_dup(data, size);
	int rc;

	memset(&psi, 0x5a, sizeof(psi));
	fuzz_error_init(&err);
	rc = wm_psi_parse(buf, size, &psi, &err);
	same_as_walk(buf, size, rc, &psi, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EPROTO || rc == -ERANGE,
			   "undocumented error %d", rc);
		FUZZ_CHECK(!psi.present && !psi.some.present &&
				   !psi.full.present,
			   "something present after error %d", rc);
		fuzz_check_error(&err, buf, size);
		free(buf);
		return 0;
	}
	FUZZ_CHECK(psi.present && psi.some.present, "success without 'some'");
	fuzz_numbers_scan(&nums, buf, size);
	check_line(buf, size, &nums, &psi.some);
	if (psi.full.present)
		check_line(buf, size, &nums, &psi.full);
	else
		FUZZ_CHECK(psi.full.avg10 == WM_UNKNOWN &&
				   psi.full.total_usec == WM_UNKNOWN,
			   "absent 'full' with values");
	fuzz_numbers_free(&nums);
	round_trip(&psi);
	free(buf);
	return 0;
}
