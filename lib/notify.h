/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * systemd's readiness protocol (sd_notify(3)) without libsystemd: one
 * datagram of "KEY=value" lines to the AF_UNIX socket named by
 * $NOTIFY_SOCKET ("@name" is in the abstract namespace).
 */
#ifndef WMTUNE_NOTIFY_H
#define WMTUNE_NOTIFY_H

#include "wm.h"

/*
 * Send msg (e.g. "READY=1\nSTATUS=watching") to socket_path. Returns 0,
 * -ENOTCONN when socket_path is NULL or empty (not run by systemd), or
 * -errno.
 */
int wm_notify(const char *socket_path, const char *msg);

#endif /* WMTUNE_NOTIFY_H */
