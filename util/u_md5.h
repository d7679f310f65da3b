/* u_md5.h: the TCP MD5 signature option (RFC 2385) on a socket.
 *
 * The fake NVAs sign their segments with it (a case's `md5 KEY`), and the
 * reference route server does only under its fault tcp-md5:
 *
 *	if (u_tcp_md5_key(fd, peer, "s3cret") != 0)
 *		fail(strerror(errno)); // e.g. a kernel without TCP MD5 support
 *
 * The key (at most 80 bytes) applies to segments to and from peer (an IPv4
 * address, host order); on a listening socket, to the connections it
 * accepts from peer. 0, or -1 with errno set. */
#ifndef RSCERT_U_MD5_H
#define RSCERT_U_MD5_H

#include <stdint.h>

int u_tcp_md5_key(int fd, uint32_t peer, const char *key);

#endif
