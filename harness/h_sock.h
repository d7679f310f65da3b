/* h_sock.h: socket options a fake NVA may need below BGP (h_exec_sock.c). */
#ifndef RSCERT_H_SOCK_H
#define RSCERT_H_SOCK_H

#include <stddef.h>
#include <stdint.h>

/* Sign the segments of TCP socket fd to peer (host order) with key (TCP
 * MD5, RFC 2385). 0, or -1 with the reason in err. */
int h_tcp_md5_key(int fd, uint32_t peer, const char *key, char *err, size_t cap);

#endif
