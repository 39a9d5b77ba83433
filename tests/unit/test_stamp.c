/* test_stamp.c: a stat stamp's text (read/stamp.h) is the one the caches
 * have always written with snprintf, for any size, time and inode; the
 * stamper stats by name through folders it keeps open, however the
 * files' folders take turns. */
#include "harness.h"
#include "read/stamp.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

UNIT_SUITE(stamp_tests)

static void stamp_tests(void)
{
	static const long long sizes[] = {0, 1, 9, 10, 123456789012LL};
	static const long secs[] = {0, 1, 1700000000, -5};
	static const long nsecs[] = {0, 1, 999999999, 5000};
	struct stat st = {0};
	char got[RB_STAMP_MAX], want[RB_STAMP_MAX];
	int same = 0, n = 0;
	st.st_mode = S_IFREG | 0644;
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 4; j++)
			for (int k = 0; k < 4; k++, n++) {
				st.st_size = sizes[i];
				st.st_mtim.tv_sec = secs[j], st.st_mtim.tv_nsec = nsecs[k];
				st.st_ctim.tv_sec = secs[3 - j], st.st_ctim.tv_nsec = nsecs[3 - k];
				st.st_ino = (ino_t)sizes[4 - i] * 7 + 3;
				st.st_dev = (dev_t)-1;
				rb_stamp_text(&st, got, sizeof got);
				snprintf(want, sizeof want, "%lld %lld.%09ld %lld.%09ld %llu %llu", (long long)st.st_size,
					 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
					 st.st_ctim.tv_nsec, (unsigned long long)st.st_ino, (unsigned long long)st.st_dev);
				same += !strcmp(got, want);
			}
	OK("stamp/text-as-snprintf", same == n);
	rb_stamp_text(&st, got, 8);
	OK("stamp/text-cut-to-room", strlen(got) == 7 && !strncmp(got, want, 7));
	st.st_mode = S_IFDIR | 0755;
	rb_stamp_text(&st, got, sizeof got);
	STR_EQ("stamp/no-regular-file", got, "");

	/* a tree a/x a/y b/z c/w d/v e/u, asked for in turns */
	char root[] = "/tmp/rbc-unit-stamp-XXXXXX";
	if (!mkdtemp(root)) {
		OK("stamp/tmpdir", 0);
		return;
	}
	static const char *const files[] = {"a/x", "b/z", "a/y", "c/w", "d/v", "e/u", "a/x", "top"};
	char path[256], whole[RB_STAMP_MAX];
	for (const char *const *d = (const char *const[]){"a", "b", "c", "d", "e", NULL}; *d; d++) {
		snprintf(path, sizeof path, "%s/%s", root, *d);
		mkdir(path, 0700);
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", root, files[i]);
		FILE *f = fopen(path, "w");
		if (f)
			fprintf(f, "%zu", i * 1000), fclose(f);
	}
	struct rb_stamper s;
	rb_stamper_init(&s, root);
	int right = 0;
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			snprintf(path, sizeof path, "%s/%s", root, files[i]);
			rb_stamp_of(path, whole, sizeof whole);
			/* the name need not end in a NUL: give it with a tail */
			char rel[64];
			snprintf(rel, sizeof rel, "%s/tail", files[i]);
			rb_stamper_get(&s, rel, strlen(files[i]), got, sizeof got);
			right += whole[0] && !strcmp(got, whole);
		}
	OK("stamper/as-full-path", right == 3 * (int)(sizeof files / sizeof files[0]));
	rb_stamper_get(&s, "a/missing", 9, got, sizeof got);
	STR_EQ("stamper/missing-file", got, "");
	rb_stamper_get(&s, "nowhere/x", 9, got, sizeof got);
	STR_EQ("stamper/missing-folder", got, "");
	rb_stamper_get(&s, "a", 1, got, sizeof got);
	STR_EQ("stamper/folder-is-no-file", got, "");
	rb_stamper_end(&s);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", root, files[i]);
		unlink(path);
	}
	for (const char *const *d = (const char *const[]){"a", "b", "c", "d", "e", NULL}; *d; d++) {
		snprintf(path, sizeof path, "%s/%s", root, *d);
		rmdir(path);
	}
	rmdir(root);
}
