/* cache_store.h: a file of keyed entries in a cache folder (cache_dir.h),
 * read whole when a build starts and kept for the next build: the entries
 * this build used, and the ones it put. One file per kind of entry
 * (the runbooks' summaries, the site's page checks):
 *
 *   <the store's head line>\n
 *   then per entry: <32 hex digits of its key> <8-byte length> <bytes>
 *
 * New entries go at the end of the file while at most a quarter of it
 * is entries no build used; past that (or after an entry cut off by a
 * crash) the file is written anew with only this build's entries.
 * Memory holds at most about RB_CACHE_STORE_BUFFER bytes of new entries
 * (RBC_STORE_BUFFER_KB sets it): past that they go to the new file's
 * temporary as they come (cache_dir.h's rb_cache_file), which is renamed
 * into place whole when the build saves the store, and removed when it
 * does not (a failed build, a killed one: the file stays as it was).
 * The old file is mapped, not read: its pages are let go after every
 * 4 MB of entries handed out or copied, so memory does not hold the
 * whole file either (a one-edit rebuild uses every entry). */
#ifndef RB_CACHE_STORE_H
#define RB_CACHE_STORE_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/buf.h"
#include "base/strmap.h"
#include "read/cache_dir.h"

#define RB_CACHE_STORE_BUFFER (1 << 20)
#define RB_CACHE_STORE_BUFFER_ENV "RBC_STORE_BUFFER_KB"

struct rb_cache_store {
	const char *dir, *name, *head;   /* NULL dir: an empty store that keeps nothing */
	char *old;                /* the file as mapped (rb_cache_dir_map), size bytes: never written */
	size_t size, nold;
	atomic_size_t handed;     /* bytes of old entries handed out, for letting pages go */
	char (*keys)[33];         /* each old entry's key, */
	size_t *at, *len;         /* its bytes' place in old */
	bool *used;               /* and whether this build used it */
	struct rb_strmap by_key;  /* key -> index */
	bool whole;               /* the file ends after its last entry */
	size_t buffer;            /* new entries' bytes held before they are written out */
	pthread_mutex_t lock;     /* guards fresh, nfresh and out */
	struct rb_buf fresh;      /* entries put this build, not yet in out */
	size_t nfresh;
	struct rb_cache_file out; /* the new file, once fresh outgrew buffer (out.path set) */
	bool wrote;               /* save wrote the file (anew or added to) */
	int saved_fd;             /* and the file it wrote, open; -1: none */
};

/* Read dir/name (head: its first line, with the version) into st. */
void rb_cache_store_open(struct rb_cache_store *st, const char *dir, const char *name, const char *head);
/* The bytes of the entry key (32 hex digits), *len their length, marked
 * used; NULL when there is none. Safe on several threads. */
const char *rb_cache_store_get(struct rb_cache_store *st, const char *key, size_t *len);
/* Keep data[0..len) under key for the next build. Safe on several threads. */
void rb_cache_store_put(struct rb_cache_store *st, const char *key, const void *data, size_t len);
/* Write what the next build should find, when it differs from the file. */
void rb_cache_store_save(struct rb_cache_store *st);
/* Free st; new entries that were not saved are dropped (their temporary
 * file removed). */
void rb_cache_store_free(struct rb_cache_store *st);

/* A store kept from one build to the next, in one process (rbc serve),
 * so that the next build does not open the file again. After from's
 * build (and rb_cache_store_save when saved): to becomes what opening
 * the file would give the next build: the file from mapped, or the one
 * its save wrote, mapped by the descriptor it wrote (from is then freed
 * as usual); dir is from's folder, a copy that lives as long as to.
 * False, with to empty, when there is no such file (the next build
 * opens it).
 * Every entry is keyed by the hashes it was made from, so one kept from
 * the last build is as good as one read from the file. */
bool rb_cache_store_carry(struct rb_cache_store *to, struct rb_cache_store *from, bool saved, const char *dir);
/* rb_cache_store_open, but taking carried's entries instead of reading
 * the file when carried holds the same store (dir, name, head); carried
 * is left empty. */
void rb_cache_store_reopen(struct rb_cache_store *st, const char *dir, const char *name, const char *head,
			   struct rb_cache_store *carried);

#endif
