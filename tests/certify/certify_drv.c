/* certify_drv.c: `rscert certify` as the certify tests run it, through the
 * harness library's own command (h_cert_main): the same options, adapters
 * and checks as the runner's certify subcommand. */
#include <stdlib.h>

#include "h_certify.h"

int main(int argc, char **argv)
{
	const char *rsd = getenv("RSCERT_RSD");

	if (argc < 2 || !argv[1] || argv[1][0] == '-') {
		h_cert_usage(stderr);
		return 2;
	}
	return h_cert_main(argc, argv, rsd && *rsd ? rsd : NULL);
}
