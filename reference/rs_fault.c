/* rs_fault.c: names of the deliberate faults. */
#include "rs_fault.h"

#include <stddef.h>
#include <string.h>

static const char *const rs_fault_name_list[] = {
    "no-ecmp",
    "ignore-path-length",
    "no-route-limit",
    "no-prepend",
    "reflect-to-source",
    "no-loop-check",
    "program-system-routes",
    "ignore-no-advertise",
    "accept-reserved-asn",
    "accept-unknown-peer",
    "ignore-peer-asn",
    "no-hold-timer",
    "reset-on-7606",
    "next-hop-peer",
    "no-vnet-refresh",
    "no-vnet-advert",
    "no-peer-limit",
    "send-graceful-restart",
    "no-instance-diff",
    "export-local-pref",
    "no-partial-bit",
    "tcp-md5",
    "answer-bfd",
    NULL,
};

uint32_t rs_fault_parse(const char *name)
{
	for (size_t i = 0; rs_fault_name_list[i] != NULL; i++)
		if (strcmp(rs_fault_name_list[i], name) == 0)
			return 1u << i;
	return 0;
}

const char *const *rs_fault_names(void)
{
	return rs_fault_name_list;
}
