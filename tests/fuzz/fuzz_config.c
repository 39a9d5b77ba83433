/* fuzz_config.c: libFuzzer target for rbc.yaml. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_root_yaml(data, size, "rbc.yaml", false);
	return 0;
}
