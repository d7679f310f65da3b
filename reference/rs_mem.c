/* rs_mem.c: memory hints for the large tables. Under a full table every
 * page of the RIB and of the Adj-RIB-Out is first touched once, and in a
 * virtual machine each such page fault costs microseconds: about a tenth
 * of the reference's time on the 8 x 100,000 load. MADV_POPULATE_WRITE
 * (Linux 5.14) maps a whole block's pages in one call; the hash tables,
 * touched at random, are also offered huge pages (MADV_HUGEPAGE: with the
 * system's transparent huge pages set to "madvise", Debian's default). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rs_mem.h"

/* Below this a block is left to fault in (the call costs more). */
#define RS_MEM_MIN_PAGES 8

/* Map in now the pages wholly inside a fresh block of len bytes at p that
 * is about to be written all over: one system call instead of a page
 * fault a page. Only a hint. */
static void rs_mem_prefault(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	long pg = sysconf(_SC_PAGESIZE);
	if (p == NULL || pg <= 0)
		return;
	uintptr_t page = (uintptr_t)pg;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t e = ((uintptr_t)p + len) & ~(page - 1);
	/* only the pages wholly inside the block: the others may be another
	 * block's, and are touched by it anyway */
	if (e > a && (e - a) / page >= RS_MEM_MIN_PAGES)
		(void)madvise((void *)a, e - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}

/* A huge page; tables from this size on are mapped on their own. */
#define RS_MEM_HUGE ((size_t)2 << 20)

static size_t rs_mem_table_span(size_t len)
{
	return (len + RS_MEM_HUGE - 1) & ~(RS_MEM_HUGE - 1);
}

/* From this size on a table is mapped on its own (a slab that fills a
 * huge page but for its header is one). */
#define RS_MEM_MAPPED (RS_MEM_HUGE - RS_MEM_HUGE / 64)

void *rs_mem_table_alloc(size_t len)
{
	if (len < RS_MEM_MAPPED)
		return calloc(1, len ? len : 1);
	size_t span = rs_mem_table_span(len);
	/* map one huge page more and cut the ends, so that it is aligned */
	size_t over = span + RS_MEM_HUGE;
	char *m = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	uintptr_t a = ((uintptr_t)m + RS_MEM_HUGE - 1) & ~(uintptr_t)(RS_MEM_HUGE - 1);
	size_t head = a - (uintptr_t)m;
	if (head > 0)
		munmap(m, head);
	if (over - head - span > 0)
		munmap((char *)a + span, over - head - span);
#ifdef MADV_HUGEPAGE
	(void)madvise((void *)a, span, MADV_HUGEPAGE);
#endif
	rs_mem_prefault((void *)a, len);
	return (void *)a;
}

void rs_mem_table_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	if (len < RS_MEM_MAPPED)
		free(p);
	else
		munmap(p, rs_mem_table_span(len));
}
