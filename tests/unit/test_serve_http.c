/* test_serve_http.c: rbc serve's path resolution, Host check and content
 * types (serve/http.c), and the book digest behind "did a save change
 * anything" (serve/tree.c), on a scratch folder. */
#include "harness.h"
#include "serve/http.h"
#include "serve/tree.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Write text to dir/rel. */
static void put(const char *dir, const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The status rb_http_resolve gives url under root (200 when it resolves). */
static int status_of(const char *root, const char *url)
{
	int st = 0;
	char *p = rb_http_resolve(root, url, &st);
	free(p);
	return p ? 200 : st;
}

static void test_serve_http(void)
{
	char tmpl[] = "/tmp/rbc-unit-serve-XXXXXX";
	char *w = mkdtemp(tmpl);
	OK("serve/scratch", w != NULL);
	if (!w)
		return;
	char site[300], outside[300], p[600];
	snprintf(site, sizeof site, "%s/site", w);
	snprintf(outside, sizeof outside, "%s/secret.txt", w);
	mkdir(site, 0755);
	snprintf(p, sizeof p, "%s/assets", site);
	mkdir(p, 0755);
	put(site, "index.html", "<html></html>");
	put(site, "assets/site.css", "body{}");
	put(site, ".rbc-manifest", "index.html\n");
	put(w, "secret.txt", "secret");
	snprintf(p, sizeof p, "%s/leak.txt", site);
	OK("serve/symlink-made", symlink(outside, p) == 0);
	snprintf(p, sizeof p, "%s/up", site);
	OK("serve/dir-symlink-made", symlink(w, p) == 0);
	snprintf(p, sizeof p, "%s/inside.css", site);
	OK("serve/inner-symlink-made", symlink("assets/site.css", p) == 0);

	OK("resolve/root-index", status_of(site, "/") == 200);
	OK("resolve/page", status_of(site, "/index.html") == 200);
	OK("resolve/query-ignored", status_of(site, "/index.html?x=../..") == 200);
	OK("resolve/asset", status_of(site, "/assets/site.css") == 200);
	OK("resolve/encoded-name", status_of(site, "/assets/site%2ecss") == 200);
	OK("resolve/double-slash", status_of(site, "//assets//site.css") == 200);
	OK("resolve/inner-symlink", status_of(site, "/inside.css") == 200);
	OK("resolve/missing", status_of(site, "/nope.html") == 404);
	OK("resolve/folder-no-index", status_of(site, "/assets") == 404);
	OK("resolve/hidden", status_of(site, "/.rbc-manifest") == 404);
	static const char *const refused[] = {
		"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
		"/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/.%2e/secret.txt", "/..\\secret.txt",
		"/%5c..%5csecret.txt", "/assets/./site.css", "/%00/index.html", "/index.html%00.css",
		"/leak.txt", "/up/secret.txt", "/%zz", "index.html", "/%",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char name[128];
		snprintf(name, sizeof name, "resolve/refused[%s]", refused[i]);
		OK(name, status_of(site, refused[i]) == 403);
	}
	OK("resolve/no-site-yet", status_of("/nonexistent-rbc-site", "/index.html") == 404);

	OK("host/ip", rb_http_host_ok("127.0.0.1:8000", "127.0.0.1", 8000));
	OK("host/no-port", rb_http_host_ok("127.0.0.1", "127.0.0.1", 8000));
	OK("host/localhost", rb_http_host_ok("localhost:8000", "127.0.0.1", 8000));
	OK("host/LOCALHOST", rb_http_host_ok("LocalHost:8000", "127.0.0.1", 8000));
	OK("host/v6", rb_http_host_ok("[::1]:8000", "::1", 8000));
	OK("host/wrong-port", !rb_http_host_ok("127.0.0.1:8001", "127.0.0.1", 8000));
	OK("host/evil", !rb_http_host_ok("evil.example", "127.0.0.1", 8000));
	OK("host/evil-port", !rb_http_host_ok("evil.example:8000", "127.0.0.1", 8000));
	OK("host/localhost-suffix", !rb_http_host_ok("localhost.evil.example:8000", "127.0.0.1", 8000));
	OK("host/empty", !rb_http_host_ok("", "127.0.0.1", 8000));
	OK("host/missing", !rb_http_host_ok(NULL, "127.0.0.1", 8000));
	OK("host/bad-port", !rb_http_host_ok("127.0.0.1:80x", "127.0.0.1", 8000));
	OK("host/bind-name", rb_http_host_ok("devbox:8000", "devbox", 8000));

	STR_EQ("type/html", rb_http_content_type("a/b.html"), "text/html; charset=utf-8");
	STR_EQ("type/sh", rb_http_content_type("scripts/x/y.sh"), "text/plain; charset=utf-8");
	STR_EQ("type/upper", rb_http_content_type("x.PNG"), "image/png");
	STR_EQ("type/unknown", rb_http_content_type("x.bin"), "application/octet-stream");
	STR_EQ("type/dot-folder", rb_http_content_type("a.b/file"), "application/octet-stream");

	struct rb_tree t1 = {0}, t2 = {0};
	rb_tree_scan(&t1, site, NULL, NULL, NULL);
	uint64_t d1 = rb_tree_digest(&t1);
	OK("tree/files", t1.n == 6);      /* 4 files and 2 links (the folder link's text) */
	put(site, "index.html", "<html></html>");   /* same bytes, new mtime */
	rb_tree_scan(&t2, site, &t1, NULL, NULL);
	OK("tree/same-bytes-same-digest", rb_tree_digest(&t2) == d1);
	put(site, "assets/site.css", "body{color:red}");
	rb_tree_scan(&t1, site, &t2, NULL, NULL);
	OK("tree/edit-moves-digest", rb_tree_digest(&t1) != d1);
	uint64_t d2 = rb_tree_digest(&t1);
	put(w, "secret.txt", "changed secret");   /* leak.txt links to it */
	rb_tree_scan(&t2, site, &t1, NULL, NULL);
	OK("tree/link-follows-file", rb_tree_digest(&t2) != d2);
	snprintf(p, sizeof p, "%s/added.html", site);
	put(site, "added.html", "x");
	rb_tree_scan(&t1, site, &t2, NULL, NULL);
	OK("tree/new-file-moves-digest", rb_tree_digest(&t1) != rb_tree_digest(&t2));
	rb_tree_free(&t1);
	rb_tree_free(&t2);

	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", w);
	OK("serve/cleanup", system(cmd) == 0);
}
UNIT_SUITE(test_serve_http)
