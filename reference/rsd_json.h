/* rsd_json.h: a small streaming JSON writer into an rsd_buf. Commas and
 * nesting are tracked; strings are escaped. */
#ifndef RSCERT_RSD_JSON_H
#define RSCERT_RSD_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "rsd_buf.h"

#define RSD_JSON_DEPTH 16

struct rsd_json {
	struct rsd_buf *b;
	int depth;
	bool first[RSD_JSON_DEPTH];
	bool after_key;
};

void rsd_json_init(struct rsd_json *j, struct rsd_buf *b);
void rsd_json_obj(struct rsd_json *j);
void rsd_json_obj_end(struct rsd_json *j);
void rsd_json_arr(struct rsd_json *j);
void rsd_json_arr_end(struct rsd_json *j);
void rsd_json_key(struct rsd_json *j, const char *k);
void rsd_json_str(struct rsd_json *j, const char *s);
void rsd_json_int(struct rsd_json *j, long long v);
void rsd_json_bool(struct rsd_json *j, bool v);
void rsd_json_null(struct rsd_json *j);
/* Address in dotted form (host order). */
void rsd_json_addr(struct rsd_json *j, uint32_t a);
/* key + value shortcuts */
void rsd_json_kstr(struct rsd_json *j, const char *k, const char *s);
void rsd_json_kint(struct rsd_json *j, const char *k, long long v);
void rsd_json_kaddr(struct rsd_json *j, const char *k, uint32_t a);

#endif
