/* fuzz_contacts.c: libFuzzer target for contacts.yaml. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_root_yaml(data, size, "contacts.yaml", true);
	return 0;
}
