/* bfd_waiter.c: a stand-in for an NVA whose BGP sessions wait for BFD
 * (BFD strict mode) in front of a route server that runs no BFD. It sends
 * multihop BFD control packets (RFC 5880 and 5883: version 1, state Down,
 * UDP port 4784) from SRC to each instance every 300 ms for SECONDS and
 * never opens a BGP connection: its BFD sessions never come up, so neither
 * does BGP. tests/certify/certify_external.sh certifies it with --external.
 * usage: bfd_waiter SRC INSTANCE_0 INSTANCE_1 SECONDS */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int bfd_addr(const char *s, struct sockaddr_in *a, unsigned short port)
{
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	return inet_pton(AF_INET, s, &a->sin_addr) == 1 ? 0 : -1;
}

/* One control packet: version 1, diagnostic 0, state Down, detect
 * multiplier 3, length 24, our discriminator, theirs unknown (0), 300 ms
 * intervals. */
static void bfd_packet(unsigned char p[24], unsigned disc)
{
	unsigned us = 300000;

	memset(p, 0, 24);
	p[0] = 1 << 5;
	p[1] = 1 << 6;
	p[2] = 3;
	p[3] = 24;
	for (int i = 0; i < 4; i++) {
		p[4 + i] = (unsigned char)(disc >> (24 - 8 * i));
		p[12 + i] = p[16 + i] = (unsigned char)(us >> (24 - 8 * i));
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in src, dst[2];
	unsigned char pkt[24];
	struct timespec gap = {0, 300000000L};
	int fd, ttl = 255;
	long rounds;

	if (argc != 5 || bfd_addr(argv[1], &src, 49152) || bfd_addr(argv[2], &dst[0], 4784) ||
	    bfd_addr(argv[3], &dst[1], 4784) || atoi(argv[4]) <= 0) {
		fprintf(stderr, "usage: bfd_waiter SRC INSTANCE_0 INSTANCE_1 SECONDS\n");
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) ||
	    bind(fd, (struct sockaddr *)&src, sizeof(src))) {
		perror("bfd_waiter: socket");
		return 1;
	}
	rounds = atol(argv[4]) * 1000 / 300;
	for (long i = 0; i < rounds; i++) {
		for (int k = 0; k < 2; k++) {
			bfd_packet(pkt, 0x1000u + (unsigned)k);
			sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&dst[k], sizeof(dst[k]));
		}
		nanosleep(&gap, NULL);
	}
	close(fd);
	return 0;
}
