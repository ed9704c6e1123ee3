// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/seqend.c on arbitrary bytes. Invariants:
 * - wm_node_list_parse(): a mask only on success, and a nonempty one;
 *   the mask printed back as a list parses to the same mask;
 * - a vmstat end learned from a buffer says that buffer is whole, and a
 *   buffer cut one byte short is not;
 * - a zoneinfo end says a buffer is whole only if it ends with '\n' and
 *   has "Node N," at a line start for each node N of the mask; with one
 *   node N, exactly when it ends with '\n' and starts "Node N,".
 */
#include "fuzz.h"
#include "seqend.h"

static void check_node_list(const char *buf, size_t len)
{
	struct fuzz_text t;
	uint64_t mask, again;
	int rc = wm_node_list_parse(buf, len, &mask);
	unsigned n;

	if (rc != 0) {
		FUZZ_CHECK(mask == 0, "error %d with mask %#" PRIx64, rc, mask);
		return;
	}
	FUZZ_CHECK(mask != 0, "an empty list parsed");
	fuzz_text_init(&t, 256);
	for (n = 0; n < 64; n++)
		if (mask >> n & 1)
			fuzz_text_add(&t, "%s%u", t.len ? "," : "", n);
	fuzz_text_add(&t, "\n");
	FUZZ_CHECK(wm_node_list_parse(t.p, t.len, &again) == 0 &&
			   again == mask,
		   "%#" PRIx64 " printed back parsed to %#" PRIx64, mask, again);
	fuzz_text_free(&t);
}

static bool has_node(const char *buf, size_t len, unsigned n)
{
	char lit[32];
	size_t k = (size_t)snprintf(lit, sizeof(lit), "Node %u,", n);
	const char *p = buf, *end = buf + len, *hit;

	while ((hit = memmem(p, (size_t)(end - p), lit, k))) {
		if (hit == buf || hit[-1] == '\n')
			return true;
		p = hit + 1;
	}
	return false;
}

static void check_nodes(const char *buf, size_t len, uint64_t mask)
{
	struct wm_seq_end e;
	unsigned n;

	wm_seq_end_nodes(&e, mask);
	if (!wm_seq_end_reached(&e, buf, len))
		return;
	FUZZ_CHECK(mask && len && buf[len - 1] == '\n', "whole without '\\n'");
	for (n = 0; n < 64; n++)
		FUZZ_CHECK(!(mask >> n & 1) || has_node(buf, len, n),
			   "whole without node %u", n);
}

/*
 * One possible node n: whole exactly when the buffer ends with '\n' and
 * starts "Node n," (the word compare of a tick, and the parse of a
 * buffer shorter than a word, both held to the rule both ways).
 */
static void check_one_node(const char *buf, size_t len, unsigned n)
{
	struct wm_seq_end e;
	char lit[16];
	size_t k = (size_t)snprintf(lit, sizeof(lit), "Node %u,", n);
	bool want = len && buf[len - 1] == '\n' && len >= k &&
		    memcmp(buf, lit, k) == 0;

	wm_seq_end_nodes(&e, 1ULL << n);
	FUZZ_CHECK(wm_seq_end_reached(&e, buf, len) == want,
		   "node %u: whole %d, want %d", n,
		   wm_seq_end_reached(&e, buf, len), want);
	FUZZ_CHECK(wm_seq_end_whole(buf, len, &e) == want,
		   "node %u: wm_seq_end_whole() differs", n);
}

static void check_last_word(const char *buf, size_t len)
{
	struct wm_seq_end e;

	wm_seq_end_last_word(&e);
	FUZZ_CHECK(!wm_seq_end_reached(&e, buf, len), "whole before learning");
	wm_seq_end_learn(&e, buf, len);
	if (e.word_len == 0)
		return;
	FUZZ_CHECK(wm_seq_end_reached(&e, buf, len), "not whole as learned");
	FUZZ_CHECK(!wm_seq_end_reached(&e, buf, len - 1), "whole, cut short");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size);
	uint64_t mask = 0;
	size_t i;

	check_node_list(buf, size);
	for (i = 0; i < size && i < 8; i++)
		mask |= (uint64_t)data[i] << (8 * i);
	check_nodes(buf, size, mask & 0xf);
	check_nodes(buf, size, mask);
	check_last_word(buf, size);
	check_one_node(buf, size, 0);
	check_one_node(buf, size, (unsigned)(mask >> 8) % 64);
	if (size > 5 && buf[5] >= '0' && buf[5] <= '9')
		check_one_node(buf, size, (unsigned)(buf[5] - '0'));
	free(buf);
	return 0;
}
