// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_parse_uid_map() and wm_priv_check() on arbitrary bytes, against a
 * plain reference written from proc(5)'s description of the file: lines
 * of three decimal numbers "inside outside count", count > 0, neither
 * range past 2^32; blank lines ignored; any other line makes the whole
 * map invalid; the last range holding uid wins. The two must agree on
 * the result and the mapped uid for several uids, including one taken
 * from the input itself, and wm_priv_check() must say yes exactly when
 * the uid maps to kernel uid 0.
 */
#include "fuzz.h"
#include "priv.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Next blank-separated word of [*p, end); false at the end. */
static bool word(const char **p, const char *end, const char **w, size_t *n)
{
	while (*p < end && blank(**p))
		(*p)++;
	if (*p == end)
		return false;
	*w = *p;
	while (*p < end && !blank(**p))
		(*p)++;
	*n = (size_t)(*p - *w);
	return true;
}

static bool number(const char *w, size_t n, uint64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!fuzz_is_digit(w[i]))
			return false;
		if (*v > UINT32_MAX)
			continue; /* too large already: keep it so */
		*v = *v * 10 + (uint64_t)(w[i] - '0');
	}
	return n > 0 && *v <= UINT32_MAX;
}

static int reference(const char *buf, size_t len, uint32_t uid, uint32_t *out)
{
	const char *line = buf, *end = buf + len;
	int found = -ENOENT;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *stop = nl ? nl : end, *p = line, *w;
		uint64_t v[3];
		size_t n;
		int i;

		line = nl ? nl + 1 : end;
		if (!word(&p, stop, &w, &n))
			continue; /* blank line */
		for (i = 0; i < 3; i++) {
			if (i && !word(&p, stop, &w, &n))
				return -EINVAL;
			if (!number(w, n, &v[i]))
				return -EINVAL;
		}
		if (word(&p, stop, &w, &n) || v[2] == 0 ||
		    v[0] + v[2] - 1 > UINT32_MAX || v[1] + v[2] - 1 > UINT32_MAX)
			return -EINVAL;
		if (uid >= v[0] && uid - v[0] < v[2]) {
			*out = (uint32_t)(v[1] + (uid - v[0]));
			found = 0;
		}
	}
	return found;
}

static void check_uid(const char *buf, size_t len, uint32_t uid)
{
	struct wm_parse_error err;
	uint32_t got = 0xdeadbeef, want = 0xdeadbeef;
	char reason[160];
	int rc, ref;
	bool ok;

	fuzz_error_init(&err);
	rc = wm_parse_uid_map(buf, len, uid, &got, &err);
	ref = reference(buf, len, uid, &want);
	FUZZ_CHECK(rc == ref, "uid %u: %d, reference %d", uid, rc, ref);
	if (rc == 0)
		FUZZ_CHECK(got == want, "uid %u -> %u, reference %u", uid, got,
			   want);
	if (rc == -EINVAL)
		fuzz_check_error(&err, buf, len);
	/* err may be NULL */
	FUZZ_CHECK(wm_parse_uid_map(buf, len, uid, &got, NULL) == rc,
		   "different result without err");

	memset(reason, 0, sizeof(reason));
	ok = wm_priv_check(uid, buf, len, reason, sizeof(reason));
	FUZZ_CHECK(ok == (rc == 0 && want == 0),
		   "uid %u: priv_check %d with map result %d -> %u", uid, ok,
		   rc, want);
	FUZZ_CHECK(reason[0] && memchr(reason, '\0', sizeof(reason)),
		   "no reason given");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size);
	uint64_t first = 0;
	size_t i;

	check_uid(buf, size, 0);
	check_uid(buf, size, 1000);
	check_uid(buf, size, 65534);
	check_uid(buf, size, UINT32_MAX);
	/* a uid the input names: the first digit run, if it fits */
	for (i = 0; i < size && !fuzz_is_digit(buf[i]); i++)
		;
	for (; i < size && fuzz_is_digit(buf[i]) && first <= UINT32_MAX; i++)
		first = first * 10 + (uint64_t)(buf[i] - '0');
	if (first <= UINT32_MAX)
		check_uid(buf, size, (uint32_t)first);
	free(buf);
	return 0;
}
