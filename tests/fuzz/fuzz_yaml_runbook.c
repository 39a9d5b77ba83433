/* fuzz_yaml_runbook.c: libFuzzer target for a YAML runbook, then the book checks. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_runbook(data, size, "runbooks/x.yaml");
	return 0;
}
