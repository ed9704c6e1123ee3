// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "notify.h"

int wm_notify(const char *socket_path, const char *msg)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = socket_path ? strlen(socket_path) : 0;
	socklen_t len;
	ssize_t sent;
	int fd, err = 0;

	if (n == 0)
		return -ENOTCONN;
	if ((socket_path[0] != '/' && socket_path[0] != '@') ||
	    n >= sizeof(sa.sun_path))
		return -EINVAL;
	memcpy(sa.sun_path, socket_path, n);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	sent = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, len);
	if (sent < 0)
		err = -errno;
	close(fd);
	return err;
}
