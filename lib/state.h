/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What wmtune remembers between runs: one JSON file, by default
 * <root>/var/lib/wmtune/state.json (`--state FILE` overrides), written
 * atomically and keyed by the boot id so that a reboot makes it stale.
 *
 * Times named *_at are unix seconds (int64_t) for people; the policy's
 * timers are *_usec on its own clock (see struct wm_knob_state). All are
 * supplied by the caller; 0 means "never". The policy reads and updates
 * the struct; this module only converts it to and from JSON and does the
 * file I/O.
 *
 * The file (schema 1):
 * {"schema":1,"boot_id":"…","created_at":T,
 *  "knobs":{"min_free_kbytes":{"baseline":{"value":N,"captured_at":T}|null,
 *                              "last_written":{"value":N,"written_at":T}|null,
 *                              "last_change_usec":U,"last_signal_usec":U,
 *                              "last_decay_usec":U,"recall":N,
 *                              "pending_usec":U},
 *           "watermark_scale_factor":{…}},
 *  "kmsg":{"cursor_valid":bool,"seq":N},"failures_seen":N,
 *  "actions":[{"at":T,"knob":"min_free_kbytes","old":N,"new":N,
 *              "reasons":"atomic_failure,…","suggestion_id":"…"}]}
 */
#ifndef WMTUNE_STATE_H
#define WMTUNE_STATE_H

#include "buf.h"
#include "knob.h" /* enum wm_knob; its name functions live in state.c */
#include "root.h"

#define WM_STATE_SCHEMA 1
#define WM_STATE_PATH "var/lib/wmtune/state.json" /* root-relative */
#define WM_STATE_ACTIONS 32	/* actions kept, oldest dropped first */
#define WM_BOOT_ID_LEN 36	/* "fc6212a4-4b11-4a76-9ecd-ca317a2b888a" */
#define WM_STATE_REASONS_MAX 160 /* with the NUL */
#define WM_STATE_ID_MAX 72	 /* with the NUL */

struct wm_knob_state {
	bool has_baseline;
	uint64_t baseline;	/* value before wmtune first touched it */
	int64_t captured_at;
	bool has_written;
	uint64_t last_written;	/* value wmtune last wrote and read back */
	int64_t written_at;
	/*
	 * The policy's memory (struct wm_knob_memory in policy.h, same
	 * names and units): microseconds on the policy's clock,
	 * CLOCK_BOOTTIME on a live machine, so valid within one boot only,
	 * like the state itself. 0 means never.
	 */
	uint64_t last_change_usec;	/* for the debounce */
	uint64_t last_signal_usec;	/* last time a signal for this knob fired */
	uint64_t last_decay_usec;	/* last decay step */
	/* added in 0.2.0; absent in older files, read as 0 */
	uint64_t recall;		/* highest value failures raised it to */
	uint64_t pending_usec;		/* failures held by the debounce */
};

struct wm_action {
	int64_t at;
	enum wm_knob knob;
	uint64_t old_value;
	uint64_t new_value;
	char reasons[WM_STATE_REASONS_MAX];  /* comma-separated reason codes */
	char suggestion_id[WM_STATE_ID_MAX]; /* may be "" */
};

struct wm_state {
	char boot_id[WM_BOOT_ID_LEN + 1];
	int64_t created_at;
	struct wm_knob_state knob[WM_KNOB_COUNT];
	bool cursor_valid;	/* kmsg_seq means something */
	uint64_t kmsg_seq;	/* last /dev/kmsg sequence number consumed */
	uint64_t failures_seen;	/* allocation failures counted this boot */
	unsigned n_actions;
	struct wm_action actions[WM_STATE_ACTIONS]; /* oldest first */
};

/* A new, empty state for this boot: no baselines, no cursor, no actions. */
void wm_state_init_fresh(struct wm_state *s, const char *boot_id,
			 int64_t now);
/* True when s was written during another boot (a different boot id). */
bool wm_state_is_stale(const struct wm_state *s, const char *boot_id);
/* Append an action, dropping the oldest when WM_STATE_ACTIONS are kept. */
void wm_state_add_action(struct wm_state *s, const struct wm_action *a);

/*
 * Parse a state document (pure; no I/O). Strict: bad JSON, a missing or
 * unsupported "schema", a missing field, a wrong type, a negative or
 * out-of-range number, a malformed boot id or an over-long string is
 * -EBADMSG with err naming the field (err->line is the JSON line for
 * syntax errors, 0 otherwise). Unknown keys are ignored. On error *s is
 * left zeroed, never half-filled.
 */
int wm_state_parse(const char *buf, size_t len, struct wm_state *s,
		   struct wm_parse_error *err);
/* Serialize s as pretty JSON plus a newline into out (replacing it). */
int wm_state_to_json_string(const struct wm_state *s, struct wm_buf *out);

/* <root>/var/lib/wmtune/state.json, for when there is no --state. */
int wm_state_default_path(const struct wm_root *r, char *out, size_t size);
/*
 * Read path (a plain file-system path, as from wm_state_default_path()
 * or --state). -ENOENT when there is none yet, -ENODATA when it is empty
 * (saved without fsync just before the machine went down: treat it as
 * none), -ELOOP when it is a symbolic link (refused), -EBADMSG when
 * corrupt (err says why), other
 * -errno from reading. Files over 1 MiB are -EBADMSG.
 */
int wm_state_load(const char *path, struct wm_state *s,
		  struct wm_parse_error *err);
/*
 * Write s to path with wm_atomic_replace() (mode 0644: atomic, no fsync,
 * since the state ends with the boot), creating missing parent
 * directories (0755) first. Errors as wm_atomic_replace().
 */
int wm_state_save(const char *path, const struct wm_state *s);

/*
 * Read <root>/proc/sys/kernel/random/boot_id into out (at least
 * WM_BOOT_ID_LEN + 1 bytes). -EPROTO when it is not a UUID.
 */
int wm_state_read_boot_id(const struct wm_root *r, char *out, size_t size);

#endif /* WMTUNE_STATE_H */
