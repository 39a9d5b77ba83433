/* fuzz_markdown.c: libFuzzer target for front matter plus Markdown, then the book checks. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_runbook(data, size, "runbooks/x.md");
	return 0;
}
