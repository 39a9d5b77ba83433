/* test_script_scan.c: the step scripts' quoting and command scanner. */
#include "harness.h"
#include "buf.h"
#include "parse.h"
#include "render_script.h"

/* The scanner's parameters (or tools) of text, space-separated. */
static const char *scan(struct rb_arena *a, const char *text, int tools)
{
	struct rb_script_needs n = {0};
	rb_script_scan(a, text, &n);
	struct rb_buf b;
	rb_buf_init(&b);
	size_t count = tools ? n.ntools : n.nparams;
	for (size_t i = 0; i < count; i++)
		rb_buf_printf(&b, "%s%s", i ? " " : "", tools ? n.tools[i] : n.params[i]);
	const char *s = rb_arena_strdup(a, rb_buf_cstr(&b));
	rb_buf_free(&b);
	return s;
}

UNIT_SUITE(script_scan_suite)
static void script_scan_suite(void)
{
	struct rb_arena a;
	rb_arena_init(&a);
	struct rb_buf b;
	rb_buf_init(&b);
	rb_script_quote(&b, "it's $(x) `y` \"z\"\n");
	STR_EQ("script/quote", rb_buf_cstr(&b), "'it'\\''s $(x) `y` \"z\"\n'");
	rb_buf_free(&b);

	STR_EQ("script/params-vars", scan(&a, "psql \"$DATABASE_URL\" -h ${REDIS_HOST}\n", 0), "DATABASE_URL REDIS_HOST");
	STR_EQ("script/params-specials", scan(&a, "echo $HOME $1 $? ${PATH} $RANDOM\n", 0), "");
	STR_EQ("script/params-default", scan(&a, "echo ${NS:-prod} ${X-y} ${Y:+z}\n", 0), "");
	STR_EQ("script/params-assigned", scan(&a, "POD=$(kubectl get pod)\necho \"$POD\"\nfor h in a; do echo $h; done\n", 0), "");
	STR_EQ("script/params-single-quoted", scan(&a, "awk '{print $NF}' f\n", 0), "");
	STR_EQ("script/params-placeholders", scan(&a, "aws rds x --id <snapshot-id> -t YOUR_TOKEN\n", 0), "SNAPSHOT_ID YOUR_TOKEN");
	STR_EQ("script/params-redirect-not-placeholder", scan(&a, "sort <in >out\n", 0), "");

	STR_EQ("script/tools-pipeline", scan(&a, "kubectl get pods | grep -v Running && psql -c 'x'\n", 1), "kubectl grep psql");
	STR_EQ("script/tools-builtins", scan(&a, "cd /x; echo kubectl; export A=1; [ -f x ]\n", 1), "");
	STR_EQ("script/tools-wrappers", scan(&a, "sudo -u postgres psql\nFOO=1 timeout 30 curl x\n", 1), "sudo psql curl");
	STR_EQ("script/tools-substitution", scan(&a, "echo \"$(jq -r .a f)\"\n", 1), "jq");
	STR_EQ("script/tools-heredoc-body", scan(&a, "psql <<'SQL'\nselect 1;\nSQL\naws s3 ls\n", 1), "psql aws");
	STR_EQ("script/tools-comments", scan(&a, "# restart it\nkubectl rollout restart x # not grep\n", 1), "kubectl");
	STR_EQ("script/tools-paths-skipped", scan(&a, "./fix.sh && /usr/bin/env true\n", 1), "");
	rb_arena_free(&a);
}

UNIT_SUITE(destructive_suite)
static void destructive_suite(void)
{
	OK("destructive/sql-lowercase", rb_text_is_destructive("psql -c 'drop table orders'"));
	OK("destructive/sql-upper", rb_text_is_destructive("DROP INDEX x;"));
	OK("destructive/delete-from", rb_text_is_destructive("Delete From t where 1=1"));
	OK("destructive/redis", rb_text_is_destructive("redis-cli flushall"));
	OK("destructive/rm-variants", rb_text_is_destructive("rm -Rf /data") && rb_text_is_destructive("rm -r -f x"));
	OK("destructive/kubectl-delete", rb_text_is_destructive("kubectl delete pod x"));
	OK("destructive/scale-zero", rb_text_is_destructive("kubectl scale deploy/x --replicas=0"));
	OK("destructive/http-delete", rb_text_is_destructive("curl -X DELETE https://x"));
	OK("destructive/git-hard", rb_text_is_destructive("git reset --hard HEAD~1"));
	OK("destructive/not-tail-f", !rb_text_is_destructive("tail -f /var/log/x\nkubectl apply -f m.yaml"));
	OK("destructive/not-dropdown", !rb_text_is_destructive("echo dropdown backdrop"));
	OK("destructive/not-select", !rb_text_is_destructive("SELECT count(*) FROM orders;"));
}
