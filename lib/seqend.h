/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * When a read of a multi-record /proc seq_file (zoneinfo, vmstat) is
 * known to hold all of the file, so that the read at the end offset that
 * would return 0 can be left out: a system call a file and a tick.
 *
 * A read of such a file returns the records that fit the kernel's seq
 * buffer (fs/seq_file.c seq_read_iter(): it stops before the record that
 * would overflow the buffer, or at the end), so a read shorter than the
 * count asked for ends on a record boundary, at the end of the file or
 * not. What comes after a boundary is known for two files:
 *
 * - zoneinfo has one record per online node, all of that node's zones
 *   (mm/vmstat.c frag_start() and zoneinfo_show(): for_each_online_pgdat,
 *   walk_zones_in_node()). Every online node is a possible node
 *   (/sys/devices/system/node/possible, fixed at boot), so data that
 *   has a zone of every possible node has every record. With one
 *   possible node there is one record: data whose first line is its
 *   zone header has all of it, and nothing else need be looked at.
 * - vmstat has one record per counter, in a fixed order (vmstat_text[]
 *   of the running kernel: the names and their order are compiled in),
 *   each name once. The first word of the file's last line, learned
 *   from a read that went on to the end, ends no other record.
 *
 * Everything here is a pure function over a buffer.
 */
#ifndef WMTUNE_SEQEND_H
#define WMTUNE_SEQEND_H

#include "wm.h"

enum wm_seq_end_kind {
	WM_SEQ_END_UNKNOWN,	/* only a read of 0 bytes ends the file */
	WM_SEQ_END_NODES,	/* zoneinfo: a zone of each node in .nodes */
	WM_SEQ_END_LAST_WORD,	/* vmstat: a last line that starts .word */
};

#define WM_SEQ_END_WORD_MAX 48

struct wm_seq_end {
	enum wm_seq_end_kind kind;
	uint64_t nodes;			/* bit n: node n */
	/* one node: its header "Node n," (up to 8 bytes) as a word, and
	 * the mask of its bytes in a word (0: more nodes) */
	uint64_t first_word, first_mask;
	size_t word_len;		/* 0: not learned yet */
	char word[WM_SEQ_END_WORD_MAX];
};

/*
 * A node list as the kernel prints it ("0", "0-3", "0,2-3\n": the bitmap
 * list format of %*pbl) into a mask: 0, or -EPROTO for anything else,
 * -E2BIG for a node past 63 (more than a mask holds: the caller then
 * knows no end); *mask is 0 on error.
 */
int wm_node_list_parse(const char *buf, size_t len, uint64_t *mask);

/* The end of zoneinfo on a system whose possible nodes are mask. */
void wm_seq_end_nodes(struct wm_seq_end *e, uint64_t mask);
/* The end of vmstat, to be learned (wm_seq_end_learn()). */
void wm_seq_end_last_word(struct wm_seq_end *e);

/*
 * Does buf[0..len), read from offset 0 and cut by a short read (so on a
 * record boundary), hold all of the file? False whenever it cannot say.
 */
bool wm_seq_end_reached(const struct wm_seq_end *e, const char *buf,
			size_t len);

/*
 * The same with the arguments of a wm_buf_ended_fn (lib/buf.h), e a
 * struct wm_seq_end: handed to wm_buf_pread_ended() as it is, with no
 * call in between (a watch tick asks twice).
 */
bool wm_seq_end_whole(const char *buf, size_t len, const void *e);

/* buf[0..len) is all of the file (a read of 0 bytes followed it). */
void wm_seq_end_learn(struct wm_seq_end *e, const char *buf, size_t len);

#endif /* WMTUNE_SEQEND_H */
