// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"

#define CONF_MAX_BYTES ((size_t)1 << 20)

/* A short, printable copy of s for messages: garbage must not reach a tty. */
static const char *shown(struct wm_span s, char *out, size_t size)
{
	size_t i, n = s.len < size - 4 ? s.len : size - 4;

	for (i = 0; i < n; i++) {
		out[i] = s.p[i];
		if (out[i] < ' ' || out[i] >= 127)
			out[i] = '?';
	}
	if (n < s.len) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-';
}

static int parse_line(struct wm_span line, unsigned long lineno,
		      wm_conf_cb cb, void *arg, struct wm_parse_error *err)
{
	struct wm_span key, value;
	char show[48];
	long eq, hash;
	size_t i;

	if (memchr(line.p, '\0', line.len)) {
		wm_parse_error_set(err, lineno, "NUL byte in line");
		return -EINVAL;
	}
	hash = wm_span_find(line, "#");
	if (hash >= 0)
		line.len = (size_t)hash;
	line = wm_span_trim(line);
	if (line.len == 0)
		return 0;
	eq = wm_span_find(line, "=");
	if (eq < 0) {
		wm_parse_error_set(err, lineno, "expected 'key = value', not '%s'",
				   shown(line, show, sizeof(show)));
		return -EINVAL;
	}
	key = wm_span_trim((struct wm_span){ line.p, (size_t)eq });
	value = wm_span_trim((struct wm_span){ line.p + eq + 1,
					       line.len - (size_t)eq - 1 });
	for (i = 0; i < key.len && key_char(key.p[i]); i++)
		;
	if (key.len == 0 || i < key.len) {
		wm_parse_error_set(err, lineno, "invalid key '%s'",
				   shown(key, show, sizeof(show)));
		return -EINVAL;
	}
	if (value.len == 0) {
		wm_parse_error_set(err, lineno, "missing value for '%s'",
				   shown(key, show, sizeof(show)));
		return -EINVAL;
	}
	return cb(key, value, lineno, arg, err);
}

int wm_conf_parse_cb(const char *buf, size_t len, wm_conf_cb cb, void *arg,
		     struct wm_parse_error *err)
{
	struct wm_lines it;
	struct wm_span line;
	int rc;

	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		rc = parse_line(line, it.lineno, cb, arg, err);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * [-]digits[.digits] or [-].digits, by hand: strtod() would follow the
 * locale's decimal point and accept hex, exponents, "nan" and "inf".
 */
static int parse_double(struct wm_span s, double *out)
{
	uint64_t ip = 0, frac = 0, scale = 1;
	bool neg = false;
	int n, fdigits = 0;

	if (s.len && s.p[0] == '-') {
		neg = true;
		s.p++;
		s.len--;
	}
	n = wm_take_u64(&s, &ip);
	if (n < 0)
		return -ERANGE;
	if (s.len && s.p[0] == '.') {
		for (s.p++, s.len--; s.len && s.p[0] >= '0' && s.p[0] <= '9';
		     s.p++, s.len--, fdigits++) {
			/* digits past the 18th cannot change a double */
			if (fdigits < 18) {
				frac = frac * 10 + (uint64_t)(s.p[0] - '0');
				scale *= 10;
			}
		}
	}
	if (s.len || (n == 0 && fdigits == 0))
		return -EINVAL;
	*out = (double)ip + (double)frac / (double)scale;
	if (neg)
		*out = -*out;
	return 0;
}

static int parse_bool(struct wm_span v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < WM_ARRAY_SIZE(yes); i++) {
		if (wm_span_eq(v, yes[i]) || wm_span_eq(v, no[i])) {
			*out = wm_span_eq(v, yes[i]);
			return 0;
		}
	}
	return -EINVAL;
}

static int enum_error(const struct wm_conf_key *k, unsigned long line,
		      const char *val, struct wm_parse_error *err)
{
	char list[128] = "";
	size_t i, used = 0;
	int n;

	for (i = 0; k->choices[i]; i++) {
		n = snprintf(list + used, sizeof(list) - used, "%s%s",
			     i ? ", " : "", k->choices[i]);
		if (n < 0 || (size_t)n >= sizeof(list) - used)
			break;
		used += (size_t)n;
	}
	wm_parse_error_set(err, line, "'%s' must be one of: %s; not '%s'",
			   k->name, list, val);
	return -EINVAL;
}

static int store(const struct wm_conf_key *k, struct wm_span v,
		 unsigned long line, struct wm_parse_error *err)
{
	char show[40];
	uint64_t u;
	double d;
	bool b;
	int i;

	shown(v, show, sizeof(show));
	switch (k->type) {
	case WM_CONF_T_U64:
		if (wm_parse_u64(v, &u) || u < k->min || u > k->max)
			break;
		*k->dst.u64 = u;
		return 0;
	case WM_CONF_T_DOUBLE:
		if (parse_double(v, &d) || !(d >= k->dmin && d <= k->dmax))
			break;
		*k->dst.dbl = d;
		return 0;
	case WM_CONF_T_BOOL:
		if (parse_bool(v, &b))
			break;
		*k->dst.flag = b;
		return 0;
	case WM_CONF_T_ENUM:
		for (i = 0; k->choices[i]; i++) {
			if (wm_span_eq(v, k->choices[i])) {
				*k->dst.idx = i;
				return 0;
			}
		}
		return enum_error(k, line, show, err);
	}
	if (k->type == WM_CONF_T_U64)
		wm_parse_error_set(err, line,
				   "'%s' must be a whole number from %llu to %llu, not '%s'",
				   k->name, (unsigned long long)k->min,
				   (unsigned long long)k->max, show);
	else if (k->type == WM_CONF_T_DOUBLE)
		wm_parse_error_set(err, line,
				   "'%s' must be a number from %g to %g, not '%s'",
				   k->name, k->dmin, k->dmax, show);
	else
		wm_parse_error_set(err, line,
				   "'%s' must be true or false (yes/no, on/off, 1/0), not '%s'",
				   k->name, show);
	return -EINVAL;
}

struct table {
	const struct wm_conf_key *keys;
	size_t n;
};

static int table_cb(struct wm_span key, struct wm_span value,
		    unsigned long line, void *arg, struct wm_parse_error *err)
{
	const struct table *t = arg;
	char show[48];
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++) {
		if (!wm_span_eq(key, t->keys[i].name))
			continue;
		rc = store(&t->keys[i], value, line, err);
		if (rc == 0 && t->keys[i].seen)
			*t->keys[i].seen = true;
		return rc;
	}
	wm_parse_error_set(err, line, "unknown key '%s'",
			   shown(key, show, sizeof(show)));
	return -EINVAL;
}

int wm_conf_parse(const char *buf, size_t len, const struct wm_conf_key *keys,
		  size_t nkeys, struct wm_parse_error *err)
{
	struct table t = { keys, nkeys };

	return wm_conf_parse_cb(buf, len, table_cb, &t, err);
}

int wm_conf_load(const char *path, const struct wm_conf_key *keys,
		 size_t nkeys, struct wm_parse_error *err)
{
	struct wm_buf b = { 0 };
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (S_ISDIR(st.st_mode))
		rc = -EISDIR;
	else if (!S_ISREG(st.st_mode))
		rc = -EINVAL;
	else if ((size_t)st.st_size > CONF_MAX_BYTES)
		rc = -EFBIG;
	else
		rc = wm_buf_read_all(&b, fd);
	close(fd);
	if (rc) {
		wm_parse_error_set(err, 0, "%s", rc == -EINVAL ?
				   "not a regular file" : strerror(-rc));
	} else {
		rc = wm_conf_parse(b.data ? b.data : "", b.len, keys, nkeys,
				   err);
	}
	wm_buf_free(&b);
	return rc;
}
