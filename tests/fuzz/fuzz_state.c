// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_state_parse() on arbitrary bytes. Invariants:
 * - failure: -EBADMSG (or -ENOMEM), the struct all zero, a usable message;
 * - success: bounded counts, a 36-character boot id, valid knobs,
 *   terminated strings; the state serializes (wm_state_to_json_string),
 *   that text parses back to an identical struct, and serializing that
 *   gives the same bytes (parse -> JSON -> parse is a fixed point).
 */
#include "fuzz.h"
#include "state.h"

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static void check_state(const struct wm_state *s)
{
	unsigned i;

	FUZZ_CHECK(strnlen(s->boot_id, sizeof(s->boot_id)) == WM_BOOT_ID_LEN,
		   "boot id of %zu characters",
		   strnlen(s->boot_id, sizeof(s->boot_id)));
	FUZZ_CHECK(s->n_actions <= WM_STATE_ACTIONS, "%u actions", s->n_actions);
	for (i = 0; i < s->n_actions; i++) {
		const struct wm_action *a = &s->actions[i];

		FUZZ_CHECK((unsigned)a->knob < WM_KNOB_COUNT, "knob %d",
			   (int)a->knob);
		FUZZ_CHECK(memchr(a->reasons, '\0', sizeof(a->reasons)) &&
				   memchr(a->suggestion_id, '\0',
					  sizeof(a->suggestion_id)),
			   "action %u: unterminated string", i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wm_state s, again;
	struct wm_parse_error err;
	struct wm_buf json = { 0 }, json2 = { 0 };
	char *buf = fuzz_dup(data, size);
	int rc;

	memset(&s, 0x5a, sizeof(s));
	fuzz_error_init(&err);
	rc = wm_state_parse(buf, size, &s, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EBADMSG || rc == -ENOMEM,
			   "undocumented error %d", rc);
		FUZZ_CHECK(all_zero(&s, sizeof(s)), "half-filled after %d", rc);
		fuzz_check_error(&err, buf, size);
		free(buf);
		return 0;
	}
	check_state(&s);
	rc = wm_state_to_json_string(&s, &json);
	FUZZ_CHECK(rc == 0, "a parsed state does not serialize: %d", rc);
	memset(&again, 0x5a, sizeof(again));
	fuzz_error_init(&err);
	rc = wm_state_parse(json.data, json.len, &again, &err);
	FUZZ_CHECK(rc == 0, "our own JSON does not parse: %d line %lu: %s\n%.*s",
		   rc, err.line, err.msg, (int)json.len, json.data);
	FUZZ_CHECK(memcmp(&s, &again, sizeof(s)) == 0,
		   "parse -> JSON -> parse changed the state:\n%.*s",
		   (int)json.len, json.data);
	rc = wm_state_to_json_string(&again, &json2);
	FUZZ_CHECK(rc == 0 && json2.len == json.len &&
			   memcmp(json.data, json2.data, json.len) == 0,
		   "serialization is not stable");
	wm_buf_free(&json);
	wm_buf_free(&json2);
	free(buf);
	return 0;
}
