/* rs_profile.c: the built-in limit profiles (docs/SPEC.md, limits). */
#include <string.h>

#include "rs_config.h"

static const struct rs_profile rs_profiles[] = {
    {.name = "faq-2021-02",
     .max_peers = 8,
     .max_routes_per_peer = 200,
     .max_routes_to_gateway = 200,
     .note = "the FAQ of February 2021 (default)"},
    {.name = "doc-2021-09",
     .max_peers = 8,
     .max_routes_per_peer = 1000,
     .max_routes_to_gateway = 200,
     .note = "public documentation, September 2021"},
    {.name = "doc-2025",
     .max_peers = 8,
     .max_routes_per_peer = 4000,
     .max_routes_to_gateway = 0,
     .max_routes_total = 10000,
     .note = "public documentation, 2025: gateway row dropped, 10,000 routes in total"},
    {.name = "bench",
     .max_peers = RS_MAX_PEERS_HARD,
     .max_routes_per_peer = RS_UNLIMITED,
     .max_routes_to_gateway = 0,
     .note = "benchmarks: 1024 peers, no route limit"},
};

const struct rs_profile *rs_profile_at(size_t i)
{
	return i < sizeof(rs_profiles) / sizeof(rs_profiles[0]) ? &rs_profiles[i] : NULL;
}

const struct rs_profile *rs_profile_find(const char *name)
{
	const struct rs_profile *p;
	for (size_t i = 0; (p = rs_profile_at(i)) != NULL; i++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}
