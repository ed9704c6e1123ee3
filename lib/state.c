// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state file: struct wm_state <-> JSON (json-c), and its file I/O.
 * The parser is strict because the policy acts on what it reads: a value
 * it cannot trust is an error naming the field, never a guess.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "atomicfile.h"
#include "jsonnum.h"
#include "state.h"
#include "text.h"

#define STATE_MAX_BYTES ((size_t)1 << 20)

/* The kernel's form: 8-4-4-4-12 lower-case hex digits. */
static bool is_boot_id(const char *s, size_t len)
{
	size_t i;

	if (len != WM_BOOT_ID_LEN)
		return false;
	for (i = 0; i < len; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
			     (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		}
	}
	return true;
}

void wm_state_init_fresh(struct wm_state *s, const char *boot_id,
			 int64_t now)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->boot_id, sizeof(s->boot_id), "%s", boot_id);
	s->created_at = now;
}

bool wm_state_is_stale(const struct wm_state *s, const char *boot_id)
{
	return strcmp(s->boot_id, boot_id) != 0;
}

void wm_state_add_action(struct wm_state *s, const struct wm_action *a)
{
	if (s->n_actions >= WM_STATE_ACTIONS) {
		memmove(&s->actions[0], &s->actions[1],
			sizeof(s->actions[0]) * (WM_STATE_ACTIONS - 1));
		s->n_actions = WM_STATE_ACTIONS - 1;
	}
	s->actions[s->n_actions++] = *a;
}

/* ---- parsing ---------------------------------------------------------- */

/* A field's place in the document, for messages: "knobs.wsf.baseline". */
struct where {
	const char *a, *b, *c;
};

static int bad(struct wm_parse_error *err, struct where w, const char *key,
	       const char *what)
{
	wm_parse_error_set(err, 0, "%s%s%s%s%s%s%s: %s", w.a ? w.a : "",
			   w.a ? "." : "", w.b ? w.b : "", w.b ? "." : "",
			   w.c ? w.c : "", w.c ? "." : "", key, what);
	return -EBADMSG;
}

static int get(json_object *obj, struct where w, const char *key,
	       json_type type, json_object **out, struct wm_parse_error *err)
{
	static const char *const type_names[] = {
		[json_type_null] = "null", [json_type_boolean] = "true or false",
		[json_type_double] = "a number", [json_type_int] = "a whole number",
		[json_type_object] = "an object", [json_type_array] = "an array",
		[json_type_string] = "a string",
	};
	char what[48];

	if (!json_object_object_get_ex(obj, key, out))
		return bad(err, w, key, "missing");
	if (!json_object_is_type(*out, type)) {
		snprintf(what, sizeof(what), "expected %s", type_names[type]);
		return bad(err, w, key, what);
	}
	return 0;
}

static int get_u64(json_object *obj, struct where w, const char *key,
		   uint64_t *out, struct wm_parse_error *err)
{
	json_object *v;
	int rc = get(obj, w, key, json_type_int, &v, err);

	if (rc)
		return rc;
	/* json-c keeps numbers above INT64_MAX as uint64; below 0 as int64. */
	if (json_object_get_int64(v) < 0)
		return bad(err, w, key, "must not be negative");
	*out = json_object_get_uint64(v);
	return 0;
}

/* A key added after schema 1 was released: absent reads as 0. */
static int get_u64_opt(json_object *obj, struct where w, const char *key,
		       uint64_t *out, struct wm_parse_error *err)
{
	*out = 0;
	if (!json_object_object_get_ex(obj, key, NULL))
		return 0;
	return get_u64(obj, w, key, out, err);
}

/* Unix seconds: any int64_t. */
static int get_time(json_object *obj, struct where w, const char *key,
		    int64_t *out, struct wm_parse_error *err)
{
	json_object *v;
	int rc = get(obj, w, key, json_type_int, &v, err);

	if (rc)
		return rc;
	if (json_object_get_int64(v) == INT64_MAX &&
	    json_object_get_uint64(v) > INT64_MAX)
		return bad(err, w, key, "time out of range");
	*out = json_object_get_int64(v);
	return 0;
}

static int get_string(json_object *obj, struct where w, const char *key,
		      char *out, size_t size, struct wm_parse_error *err)
{
	json_object *v;
	const char *str;
	size_t len;
	int rc = get(obj, w, key, json_type_string, &v, err);

	if (rc)
		return rc;
	str = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (len >= size)
		return bad(err, w, key, "string too long");
	if (strlen(str) != len)
		return bad(err, w, key, "NUL character in string");
	memcpy(out, str, len + 1);
	return 0;
}

/* {"value":N,"<at_key>":T} or null. */
static int get_stamped(json_object *obj, struct where w, const char *key,
		       const char *at_key, bool *has, uint64_t *val,
		       int64_t *at, struct wm_parse_error *err)
{
	json_object *v;
	int rc;

	if (!json_object_object_get_ex(obj, key, &v))
		return bad(err, w, key, "missing");
	*has = v != NULL;
	if (!v)
		return 0;
	rc = get(obj, w, key, json_type_object, &v, err);
	w.c = key;
	return rc ?: get_u64(v, w, "value", val, err) ?:
		     get_time(v, w, at_key, at, err);
}

static int parse_knob(json_object *knobs, enum wm_knob k,
		      struct wm_knob_state *ks, struct wm_parse_error *err)
{
	struct where w = { "knobs", NULL, NULL };
	json_object *o;
	int rc;

	rc = get(knobs, w, wm_knob_name(k), json_type_object, &o, err);
	if (rc)
		return rc;
	w.b = wm_knob_name(k);
	return get_stamped(o, w, "baseline", "captured_at", &ks->has_baseline,
			   &ks->baseline, &ks->captured_at, err) ?:
	       get_stamped(o, w, "last_written", "written_at", &ks->has_written,
			   &ks->last_written, &ks->written_at, err) ?:
	       get_u64(o, w, "last_change_usec", &ks->last_change_usec, err) ?:
	       get_u64(o, w, "last_signal_usec", &ks->last_signal_usec, err) ?:
	       get_u64(o, w, "last_decay_usec", &ks->last_decay_usec, err) ?:
	       get_u64_opt(o, w, "recall", &ks->recall, err) ?:
	       get_u64_opt(o, w, "pending_usec", &ks->pending_usec, err);
}

static int parse_action(json_object *o, size_t i, struct wm_action *a,
			struct wm_parse_error *err)
{
	char idx[24], knob[32];
	struct where w = { "actions", idx, NULL };
	int rc;

	snprintf(idx, sizeof(idx), "%zu", i);
	if (!json_object_is_type(o, json_type_object))
		return bad(err, (struct where){ "actions", NULL, NULL }, idx,
			   "expected an object");
	rc = get_time(o, w, "at", &a->at, err) ?:
	     get_string(o, w, "knob", knob, sizeof(knob), err);
	if (rc == 0 && wm_knob_from_name(knob, &a->knob))
		rc = bad(err, w, "knob", "unknown knob");
	return rc ?: get_u64(o, w, "old", &a->old_value, err) ?:
	       get_u64(o, w, "new", &a->new_value, err) ?:
	       get_string(o, w, "reasons", a->reasons, sizeof(a->reasons), err) ?:
	       get_string(o, w, "suggestion_id", a->suggestion_id,
			  sizeof(a->suggestion_id), err);
}

static int parse_actions(json_object *doc, struct wm_state *s,
			 struct wm_parse_error *err)
{
	static const struct where top;
	json_object *arr;
	size_t i, n;
	int rc;

	rc = get(doc, top, "actions", json_type_array, &arr, err);
	if (rc)
		return rc;
	n = json_object_array_length(arr);
	if (n > WM_STATE_ACTIONS)
		return bad(err, top, "actions", "more than 32 entries");
	for (i = 0; i < n && rc == 0; i++)
		rc = parse_action(json_object_array_get_idx(arr, i), i,
				  &s->actions[i], err);
	s->n_actions = (unsigned)n;
	return rc;
}

static int parse_kmsg(json_object *doc, struct wm_state *s,
		      struct wm_parse_error *err)
{
	static const struct where top;
	struct where w = { "kmsg", NULL, NULL };
	json_object *kmsg, *v;
	int rc;

	rc = get(doc, top, "kmsg", json_type_object, &kmsg, err) ?:
	     get(kmsg, w, "cursor_valid", json_type_boolean, &v, err);
	if (rc)
		return rc;
	s->cursor_valid = json_object_get_boolean(v);
	return get_u64(kmsg, w, "seq", &s->kmsg_seq, err);
}

static int parse_doc(json_object *doc, struct wm_state *s,
		     struct wm_parse_error *err)
{
	static const struct where top;
	json_object *knobs, *v;
	uint64_t schema = 0;
	unsigned k;
	int rc;

	if (!json_object_is_type(doc, json_type_object))
		return bad(err, top, "document", "expected an object");
	rc = get_u64(doc, top, "schema", &schema, err);
	if (rc)
		return rc;
	if (schema != WM_STATE_SCHEMA)
		return bad(err, top, "schema", "unsupported version");
	rc = get(doc, top, "boot_id", json_type_string, &v, err);
	if (rc)
		return rc;
	if (!is_boot_id(json_object_get_string(v),
			(size_t)json_object_get_string_len(v)))
		return bad(err, top, "boot_id", "not a boot id (UUID)");
	memcpy(s->boot_id, json_object_get_string(v), WM_BOOT_ID_LEN);
	rc = get_time(doc, top, "created_at", &s->created_at, err) ?:
	     get(doc, top, "knobs", json_type_object, &knobs, err);
	for (k = 0; k < WM_KNOB_COUNT && rc == 0; k++)
		rc = parse_knob(knobs, (enum wm_knob)k, &s->knob[k], err);
	return rc ?: parse_kmsg(doc, s, err) ?:
	       get_u64(doc, top, "failures_seen", &s->failures_seen, err) ?:
	       parse_actions(doc, s, err);
}

static unsigned long line_at(const char *buf, size_t off)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/* Whole-buffer JSON syntax check and parse; *doc owned by the caller. */
static int parse_json(const char *buf, size_t len, json_object **doc,
		      struct wm_parse_error *err)
{
	const char *nul = memchr(buf, '\0', len);
	json_tokener *tok;
	enum json_tokener_error jerr;
	size_t end;
	long at;

	if (nul) {
		wm_parse_error_set(err, line_at(buf, (size_t)(nul - buf)),
				   "NUL byte in the file");
		return -EBADMSG;
	}
	at = wm_json_overflow_at(buf, len);
	if (at >= 0) {
		wm_parse_error_set(err, line_at(buf, (size_t)at),
				   "number out of range");
		return -EBADMSG;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	*doc = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_continue) {
		wm_parse_error_set(err, line_at(buf, len),
				   "truncated JSON document");
		return -EBADMSG;
	}
	if (jerr != json_tokener_success || !*doc) {
		json_object_put(*doc);
		*doc = NULL;
		wm_parse_error_set(err, line_at(buf, end < len ? end : len),
				   "invalid JSON: %s",
				   json_tokener_error_desc(jerr));
		return -EBADMSG;
	}
	/* JSON_TOKENER_STRICT has already refused data after the document. */
	return 0;
}

int wm_state_parse(const char *buf, size_t len, struct wm_state *s,
		   struct wm_parse_error *err)
{
	json_object *doc = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	if (len > STATE_MAX_BYTES) {
		wm_parse_error_set(err, 0, "larger than %zu bytes",
				   STATE_MAX_BYTES);
		return -EBADMSG;
	}
	rc = parse_json(buf, len, &doc, err);
	if (rc)
		return rc;
	rc = parse_doc(doc, s, err);
	json_object_put(doc);
	if (rc)
		memset(s, 0, sizeof(*s));
	return rc;
}

/* ---- serializing ------------------------------------------------------ */

/* Add v to o under k; on any failure drop v and remember it. */
static void put(json_object *o, const char *k, json_object *v, bool *fail)
{
	if (!o || !v || json_object_object_add(o, k, v)) {
		json_object_put(v);
		*fail = true;
	}
}

/* {"value":N,"<at_key>":T} under key, or null when !has. */
static void put_stamped(json_object *o, const char *key, bool has,
			uint64_t val, const char *at_key, int64_t at,
			bool *fail)
{
	json_object *v = NULL;

	if (has) {
		v = json_object_new_object();
		put(v, "value", json_object_new_uint64(val), fail);
		put(v, at_key, json_object_new_int64(at), fail);
		*fail |= !v;
	}
	if (!o || json_object_object_add(o, key, v)) {
		json_object_put(v);
		*fail = true;
	}
}

static json_object *knob_json(const struct wm_knob_state *ks, bool *fail)
{
	json_object *o = json_object_new_object();

	put_stamped(o, "baseline", ks->has_baseline, ks->baseline,
		    "captured_at", ks->captured_at, fail);
	put_stamped(o, "last_written", ks->has_written, ks->last_written,
		    "written_at", ks->written_at, fail);
	put(o, "last_change_usec", json_object_new_uint64(ks->last_change_usec),
	    fail);
	put(o, "last_signal_usec", json_object_new_uint64(ks->last_signal_usec),
	    fail);
	put(o, "last_decay_usec", json_object_new_uint64(ks->last_decay_usec),
	    fail);
	put(o, "recall", json_object_new_uint64(ks->recall), fail);
	put(o, "pending_usec", json_object_new_uint64(ks->pending_usec), fail);
	return o;
}

static json_object *action_json(const struct wm_action *a, bool *fail)
{
	json_object *o = json_object_new_object();

	put(o, "at", json_object_new_int64(a->at), fail);
	put(o, "knob", json_object_new_string(wm_knob_name(a->knob)), fail);
	put(o, "old", json_object_new_uint64(a->old_value), fail);
	put(o, "new", json_object_new_uint64(a->new_value), fail);
	put(o, "reasons", json_object_new_string(a->reasons), fail);
	put(o, "suggestion_id", json_object_new_string(a->suggestion_id), fail);
	return o;
}

static json_object *state_json(const struct wm_state *s, bool *fail)
{
	json_object *doc = json_object_new_object();
	json_object *knobs = json_object_new_object();
	json_object *kmsg = json_object_new_object();
	json_object *arr = json_object_new_array();
	unsigned i;

	put(doc, "schema", json_object_new_int(WM_STATE_SCHEMA), fail);
	put(doc, "boot_id", json_object_new_string(s->boot_id), fail);
	put(doc, "created_at", json_object_new_int64(s->created_at), fail);
	for (i = 0; i < WM_KNOB_COUNT; i++)
		put(knobs, wm_knob_name((enum wm_knob)i), knob_json(&s->knob[i], fail), fail);
	put(doc, "knobs", knobs, fail);
	put(kmsg, "cursor_valid", json_object_new_boolean(s->cursor_valid),
	    fail);
	put(kmsg, "seq", json_object_new_uint64(s->kmsg_seq), fail);
	put(doc, "kmsg", kmsg, fail);
	put(doc, "failures_seen", json_object_new_uint64(s->failures_seen),
	    fail);
	for (i = 0; arr && i < s->n_actions; i++) {
		json_object *a = action_json(&s->actions[i], fail);

		if (!a || json_object_array_add(arr, a)) {
			json_object_put(a);
			*fail = true;
		}
	}
	put(doc, "actions", arr, fail);
	return doc;
}

/* Refuse to write what wm_state_parse() would reject. */
static bool state_writable(const struct wm_state *s)
{
	unsigned i;

	if (!is_boot_id(s->boot_id, strnlen(s->boot_id, sizeof(s->boot_id))) ||
	    s->n_actions > WM_STATE_ACTIONS)
		return false;
	for (i = 0; i < s->n_actions; i++) {
		const struct wm_action *a = &s->actions[i];

		if ((unsigned)a->knob >= WM_KNOB_COUNT ||
		    !memchr(a->reasons, '\0', sizeof(a->reasons)) ||
		    !memchr(a->suggestion_id, '\0', sizeof(a->suggestion_id)))
			return false;
	}
	return true;
}

int wm_state_to_json_string(const struct wm_state *s, struct wm_buf *out)
{
	json_object *doc;
	const char *str;
	bool fail = false;
	int rc;

	if (!state_writable(s))
		return -EINVAL;
	doc = state_json(s, &fail);
	if (fail || !doc) {
		json_object_put(doc);
		return -ENOMEM;
	}
	str = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
					     JSON_C_TO_STRING_SPACED |
					     JSON_C_TO_STRING_NOSLASHESCAPE);
	out->len = 0;
	rc = str ? wm_buf_append(out, str, strlen(str)) : -ENOMEM;
	if (rc == 0)
		rc = wm_buf_append(out, "\n", 1);
	json_object_put(doc);
	return rc;
}

/* ---- files ------------------------------------------------------------ */

int wm_state_default_path(const struct wm_root *r, char *out, size_t size)
{
	return wm_root_path(r, WM_STATE_PATH, out, size);
}

int wm_state_load(const char *path, struct wm_state *s,
		  struct wm_parse_error *err)
{
	struct wm_buf b = { 0 };
	struct stat st;
	int fd, rc;

	memset(s, 0, sizeof(*s));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
	} else if (S_ISDIR(st.st_mode)) {
		rc = -EISDIR;
	} else if (!S_ISREG(st.st_mode)) {
		wm_parse_error_set(err, 0, "not a regular file");
		rc = -EBADMSG;
	} else if (st.st_size == 0) {
		rc = -ENODATA; /* a save that never reached the disk */
	} else if ((size_t)st.st_size > STATE_MAX_BYTES) {
		wm_parse_error_set(err, 0, "larger than %zu bytes",
				   STATE_MAX_BYTES);
		rc = -EBADMSG;
	} else {
		rc = wm_buf_read_all(&b, fd);
	}
	close(fd);
	if (rc == 0)
		rc = wm_state_parse(b.data ? b.data : "", b.len, s, err);
	wm_buf_free(&b);
	return rc;
}

int wm_state_save(const char *path, const struct wm_state *s)
{
	struct wm_buf b = { 0 };
	int rc;

	rc = wm_state_to_json_string(s, &b);
	if (rc == 0)
		rc = wm_mkdir_parents(path, 0755);
	if (rc == 0)
		rc = wm_atomic_replace(path, b.data, b.len, 0644);
	wm_buf_free(&b);
	return rc;
}

int wm_state_read_boot_id(const struct wm_root *r, char *out, size_t size)
{
	struct wm_buf b = { 0 };
	size_t len;
	int rc;

	if (size < WM_BOOT_ID_LEN + 1)
		return -ENAMETOOLONG;
	rc = wm_root_read(r, "proc/sys/kernel/random/boot_id", &b);
	if (rc == 0) {
		len = b.len;
		if (len && b.data[len - 1] == '\n')
			len--;
		if (is_boot_id(b.data, len)) {
			memcpy(out, b.data, WM_BOOT_ID_LEN);
			out[WM_BOOT_ID_LEN] = '\0';
		} else {
			rc = -EPROTO;
		}
	}
	wm_buf_free(&b);
	return rc;
}
