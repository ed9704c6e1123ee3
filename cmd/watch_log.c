// SPDX-License-Identifier: GPL-2.0-or-later
/* wmtune watch: the action log, one line per event, text or JSON. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include <json-c/json.h>

#include "notify.h"
#include "watch.h"

void watch_log_line(struct watch *w, const char *event, int knob,
		    uint64_t old, uint64_t new, const char *reasons,
		    const char *detail)
{
	char ts[32] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm))
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (w->args->log_json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "ts", json_object_new_string(ts));
		json_object_object_add(o, "t_usec", json_object_new_uint64(w->s.now_usec));
		json_object_object_add(o, "event", json_object_new_string(event));
		if (knob >= 0) {
			json_object_object_add(o, "sysctl", json_object_new_string(
				wm_knob_sysctl((enum wm_knob)knob)));
			json_object_object_add(o, "old", json_object_new_uint64(old));
			json_object_object_add(o, "new", json_object_new_uint64(new));
			json_object_object_add(o, "reasons", json_object_new_string(reasons));
			json_object_object_add(o, "id", json_object_new_string(w->s.d.id));
		}
		if (detail)
			json_object_object_add(o, "detail", json_object_new_string(detail));
		json_object_object_add(o, "dry_run", json_object_new_boolean(w->args->dry_run));
		fprintf(w->log, "%s\n", json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else if (knob >= 0) {
		fprintf(w->log, "%s %s%s %" PRIu64 " -> %" PRIu64 " (%s) id %s\n", ts,
			w->args->dry_run ? "dry-run " : "",
			wm_knob_sysctl((enum wm_knob)knob), old, new, reasons, w->s.d.id);
	} else {
		fprintf(w->log, "%s %s%s%s\n", ts, event, detail ? ": " : "",
			detail ? detail : "");
	}
	fflush(w->log);
}

void watch_log_changes(struct watch *w)
{
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *kd = &w->s.d.knob[k];
		char reasons[160] = "";
		size_t n = 0;
		unsigned i;

		if (!kd->change)
			continue;
		for (i = 0; i < kd->nr_reasons && n < sizeof(reasons) - 1; i++)
			n += (size_t)snprintf(reasons + n, sizeof(reasons) - n, "%s%s",
					      i ? "," : "", kd->reasons[i].code);
		watch_log_line(w, "change", (int)k, kd->current, kd->proposed, reasons, NULL);
	}
}

void watch_notify_status(struct watch *w, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!w->notify_socket)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	wm_notify(w->notify_socket, msg);
}
