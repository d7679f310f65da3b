/* u_md5.c: the TCP MD5 signature option on a socket (u_md5.h). */
#include "u_md5.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int u_tcp_md5_key(int fd, uint32_t peer, const char *key)
{
	struct tcp_md5sig m;
	struct sockaddr_in *a = (struct sockaddr_in *)&m.tcpm_addr;
	size_t n = strlen(key);

	if (n > TCP_MD5SIG_MAXKEYLEN) {
		errno = EINVAL;
		return -1;
	}
	memset(&m, 0, sizeof(m));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(peer);
	m.tcpm_keylen = (uint16_t)n;
	memcpy(m.tcpm_key, key, n);
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &m, sizeof(m));
}
