/* rs_mem.h: memory hints for the large tables (rs_mem.c). */
#ifndef RSCERT_RS_MEM_H
#define RSCERT_RS_MEM_H

#include <stddef.h>

/* A zeroed table of len bytes that is read and written all over at random
 * (a hash table's slots): from about 2 MiB on, mapped on its own in 2 MiB-aligned
 * pieces that the system may back with huge pages (fewer page faults and
 * TLB misses), else from the heap. NULL when out of memory. Free it with
 * rs_mem_table_free and the same len. */
void *rs_mem_table_alloc(size_t len);
void rs_mem_table_free(void *p, size_t len);

#endif
