/* fz_afl_driver.c: AFL++ persistent-mode driver for a libFuzzer-style
 * target (built with afl-clang-fast; the test case arrives in shared
 * memory, many cases per process). */
#include "fz_common.h"

#include <unistd.h>

#ifndef __AFL_FUZZ_TESTCASE_LEN
/* Compiled without afl-clang-fast: read one input from stdin. */
static ssize_t fz_afl_fake_len;
static unsigned char fz_afl_fake_buf[1 << 20];
#define __AFL_FUZZ_TESTCASE_LEN fz_afl_fake_len
#define __AFL_FUZZ_TESTCASE_BUF fz_afl_fake_buf
#define __AFL_FUZZ_INIT() \
	void fz_afl_sync(void) \
	{ \
	}
#define __AFL_INIT() fz_afl_sync()
#define __AFL_LOOP(x) \
	((fz_afl_fake_len = read(0, fz_afl_fake_buf, sizeof(fz_afl_fake_buf))) > 0 ? 1 : 0)
void fz_afl_sync(void);
#endif

__AFL_FUZZ_INIT();

int main(void)
{
	unsigned char *buf;

	__AFL_INIT();
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;

		LLVMFuzzerTestOneInput(buf, len);
	}
	return 0;
}
