// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdint.h>

#include "jsonnum.h"
#include "text.h"

long wm_json_overflow_at(const char *buf, size_t len)
{
	bool in_str = false;
	struct wm_span s;
	uint64_t v;
	size_t i;
	int n;

	for (i = 0; i < len; i++) {
		if (in_str) {
			if (buf[i] == '\\')
				i++; /* the escaped character cannot end it */
			else
				in_str = buf[i] != '"';
		} else if (buf[i] == '"') {
			in_str = true;
		} else if (buf[i] >= '0' && buf[i] <= '9') {
			s = (struct wm_span){ buf + i, len - i };
			n = wm_take_u64(&s, &v);
			if (n < 0)
				return (long)i;
			i += (size_t)n - 1;
		}
	}
	return -1;
}
