/* test_script_scan.c: the step scripts' quoting and command scanner. */
#include "harness.h"
#include "base/buf.h"
#include "parse/parse.h"
#include "render/render_script.h"

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

/* The destructive check, one row per form an operator types (lang is the
 * fence language; "" is a plain shell block). */
struct destructive_case {
	const char *name, *lang, *text;
};

static const struct destructive_case destructive_forms[] = {
	{"rm-rf", "bash", "rm -rf /var/lib/pg\n"},
	{"rm-Rf", "bash", "rm -Rf /data\n"},
	{"rm-r-f", "bash", "rm -r -f x\n"},
	{"rm-recursive", "bash", "rm --recursive x\n"},
	{"rm-double-quoted", "bash", "\"rm\" -rf /data\n"},
	{"rm-single-quoted", "bash", "'rm' -rf /data\n"},
	{"rm-backslash", "bash", "\\rm -rf /data\n"},
	{"rm-path", "bash", "/bin/rm -rf /data\n"},
	{"rm-sudo", "bash", "sudo rm -rf /data\n"},
	{"rm-sudo-user", "bash", "sudo -u postgres rm -rf /data\n"},
	{"rm-env", "bash", "env X=1 rm -rf /data\n"},
	{"rm-assignment", "bash", "LC_ALL=C rm -rf /data\n"},
	{"rm-after-semicolon", "bash", "cd /x; rm -rf data\n"},
	{"rm-after-and", "bash", "test -d x && rm -rf x\n"},
	{"rm-after-pipe", "bash", "find . -name '*.tmp' | xargs rm -rf\n"},
	{"rm-in-substitution", "bash", "x=$(rm -rf /tmp/x)\n"},
	{"rm-timeout", "bash", "timeout 30 rm -rf x\n"},
	{"rm-console-prompt", "console", "$ rm -rf /data\n"},
	{"kill-9", "bash", "kill -9 1234\n"},
	{"kill-KILL", "bash", "kill -KILL 1234\n"},
	{"kill-SIGKILL", "bash", "kill -SIGKILL \"$PID\"\n"},
	{"kill-s-KILL", "bash", "kill -s KILL 1234\n"},
	{"killall", "bash", "killall postgres\n"},
	{"pkill", "bash", "pkill -f worker\n"},
	{"truncate-s-0", "bash", "truncate -s 0 /var/log/app.log\n"},
	{"truncate-s0", "bash", "truncate -s0 /var/log/app.log\n"},
	{"truncate-size-0", "bash", "truncate --size=0 f\n"},
	{"git-push-f", "bash", "git push -f origin main\n"},
	{"git-push-force", "bash", "git push --force origin main\n"},
	{"git-push-force-with-lease", "bash", "git push --force-with-lease origin main\n"},
	{"git-push-plus-refspec", "bash", "git push origin +main\n"},
	{"git-push-delete", "bash", "git push origin --delete old\n"},
	{"git-C-push-force", "bash", "git -C /srv/repo push -f\n"},
	{"git-reset-hard", "bash", "git reset --hard HEAD~1\n"},
	{"git-clean-fdx", "bash", "git clean -fdx\n"},
	{"dd-of", "bash", "dd if=/dev/zero of=/dev/sdb bs=1M\n"},
	{"dd-of-file", "bash", "dd if=backup.img of=disk.img\n"},
	{"mkfs", "bash", "mkfs -t ext4 /dev/sdb1\n"},
	{"mkfs-ext4", "bash", "sudo mkfs.ext4 /dev/sdb1\n"},
	{"mkfs-xfs-path", "bash", "/sbin/mkfs.xfs -f /dev/vdb\n"},
	{"redirect-to-disk", "bash", "cat image > /dev/sda\n"},
	{"sql-drop", "sql", "DROP TABLE orders;\n"},
	{"sql-drop-lower", "sql", "drop table orders;\n"},
	{"sql-drop-mixed", "SQL", "Drop Database shop;\n"},
	{"sql-truncate", "sql", "TRUNCATE orders;\n"},
	{"sql-truncate-lower", "postgresql", "truncate table orders cascade;\n"},
	{"sql-delete", "sql", "DELETE FROM orders WHERE id < 10;\n"},
	{"sql-second-statement", "sql", "BEGIN; drop index orders_idx; COMMIT;\n"},
	{"sql-alter-drop", "sql", "ALTER TABLE orders\n  DROP COLUMN note;\n"},
	{"sql-after-comment", "sql", "-- clean up\nDROP VIEW v;\n"},
	{"sql-unlabelled", "", "DROP INDEX x;\n"},
	{"sql-unlabelled-delete", "", "Delete From t where 1=1\n"},
	{"sql-unlabelled-truncate", "", "TRUNCATE TABLE orders;\n"},
	{"psql-c-double", "bash", "psql -c \"DROP TABLE orders\"\n"},
	{"psql-c-single-lower", "bash", "psql \"$DATABASE_URL\" -c 'drop table orders'\n"},
	{"psql-c-truncate", "bash", "sudo -u postgres psql -c \"truncate orders\"\n"},
	{"psql-heredoc", "bash", "psql <<'SQL'\nBEGIN;\nDROP TABLE orders;\nSQL\n"},
	{"psql-pipe", "bash", "echo 'DROP TABLE orders;' | psql shop\n"},
	{"mysql-e", "bash", "mysql -e 'DROP DATABASE shop'\n"},
	{"dropdb", "bash", "dropdb shop\n"},
	{"redis-flushall", "bash", "redis-cli flushall\n"},
	{"redis-FLUSHDB", "bash", "redis-cli -n 2 FLUSHDB\n"},
	{"redis-block", "redis", "FLUSHALL\n"},
	{"kubectl-delete", "bash", "kubectl delete pod orders-0\n"},
	{"kubectl-n-delete", "bash", "kubectl -n prod delete deploy/orders\n"},
	{"kubectl-drain", "bash", "kubectl drain node-1 --ignore-daemonsets\n"},
	{"kubectl-scale-zero", "bash", "kubectl scale deploy/x --replicas=0\n"},
	{"kubectl-exec-rm", "bash", "kubectl exec orders-0 -- rm -rf /data\n"},
	{"oc-delete", "bash", "oc delete project old\n"},
	{"helm-uninstall", "bash", "helm uninstall orders -n prod\n"},
	{"helm-delete", "bash", "helm -n prod delete orders\n"},
	{"terraform-destroy", "bash", "terraform destroy -auto-approve\n"},
	{"terraform-chdir-destroy", "bash", "terraform -chdir=infra destroy\n"},
	{"terraform-apply-destroy", "bash", "terraform apply -destroy\n"},
	{"aws-s3-rm-recursive", "bash", "aws s3 rm s3://bucket/prefix --recursive\n"},
	{"aws-s3-rb", "bash", "aws s3 rb s3://bucket --force\n"},
	{"aws-terminate", "bash", "aws ec2 terminate-instances --instance-ids i-1\n"},
	{"aws-delete", "bash", "aws rds delete-db-instance --db-instance-identifier x\n"},
	{"systemctl-stop", "bash", "sudo systemctl stop postgresql\n"},
	{"service-stop", "bash", "service nginx stop\n"},
	{"shutdown", "bash", "shutdown -h now\n"},
	{"reboot", "bash", "sudo reboot\n"},
	{"shred", "bash", "shred -u key.pem\n"},
	{"curl-X-DELETE", "bash", "curl -X DELETE https://api/x\n"},
	{"curl-request-DELETE", "bash", "curl --request DELETE https://api/x\n"},
	{"find-delete", "bash", "find /tmp -mtime +7 -delete\n"},
	{"find-exec-rm", "bash", "find /tmp -name x -exec rm -rf {} \\;\n"},
	{"ssh-rm", "bash", "ssh db1 sudo rm -rf /data\n"},
	{"ssh-quoted-rm", "bash", "ssh -i key db1 'rm -rf /data'\n"},
	{"eval-rm", "bash", "eval 'rm -rf /data'\n"},
	{"eval-words-rm", "bash", "eval rm -rf /data\n"},
	{"busybox-rm", "bash", "busybox rm -rf /data\n"},
	{"unshare-rm", "bash", "unshare -m rm -rf /x\n"},
	{"systemctl-disable-now", "bash", "systemctl --now disable postgres\n"},
	{"systemctl-disable-now-after", "bash", "sudo systemctl disable --now postgres\n"},
	{"lvremove", "bash", "lvremove -f vg/lv\n"},
	{"vgremove", "bash", "vgremove vg0\n"},
	{"pvremove", "bash", "pvremove /dev/sdb\n"},
	{"parted-rm", "bash", "parted /dev/sda rm 1\n"},
	{"parted-mklabel", "bash", "parted -s /dev/sdb mklabel gpt\n"},
	{"crontab-r", "bash", "crontab -r\n"},
	{"crontab-u-r", "bash", "crontab -u deploy -r\n"},
	{"iptables-F", "bash", "iptables -F\n"},
	{"iptables-flush-table", "bash", "sudo iptables -t nat --flush\n"},
	{"ip6tables-X", "bash", "ip6tables -X\n"},
	{"nft-flush", "bash", "nft flush ruleset\n"},
	{"bash-c-rm", "bash", "bash -c 'rm -rf /data'\n"},
	{"docker-rm", "bash", "docker rm -f orders\n"},
	{"docker-prune", "bash", "docker system prune -af\n"},
	{"apt-purge", "bash", "apt-get purge -y postgresql\n"},
	{"gcloud-delete", "bash", "gcloud compute instances delete vm-1\n"},
	{"unknown-force", "bash", "mytool reset --force\n"},
	{"continued-line", "bash", "rm \\\n  -rf /data\n"},
	{"second-line", "bash", "echo start\nrm -rf /data\n"},
};

/* Look-alikes: text that reads like a destructive command but is not one. */
static const struct destructive_case benign_forms[] = {
	{"systemctl-disable", "bash", "systemctl disable postgres\n"},
	{"crontab-l", "bash", "crontab -l\n"},
	{"iptables-L", "bash", "iptables -L -n\n"},
	{"nft-list", "bash", "nft list ruleset\n"},
	{"parted-print", "bash", "parted /dev/sda print\n"},
	{"lvs", "bash", "lvs\n"},
	{"unshare-ls", "bash", "unshare -m ls /x\n"},
	{"echo-rm", "bash", "echo rm -rf /data\n"},
	{"echo-quoted-rm", "bash", "echo \"rm -rf /data\"\n"},
	{"eval-echo-rm", "bash", "eval 'echo rm -rf /data'\n"},
	{"printf-drop", "bash", "printf 'DROP TABLE %s\\n' x\n"},
	{"grep-DROP", "bash", "grep DROP dump.sql\n"},
	{"grep-rm-rf", "bash", "grep -r 'rm -rf' scripts/\n"},
	{"comment-rm", "bash", "# rm -rf /data would be wrong\nls /data\n"},
	{"git-push", "bash", "git push origin main\n"},
	{"git-push-u", "bash", "git push -u origin feature\n"},
	{"git-reset-soft", "bash", "git reset --soft HEAD~1\n"},
	{"kubectl-get", "bash", "kubectl get pods -l app=delete\n"},
	{"kubectl-apply-f", "bash", "kubectl apply -f manifest.yaml\n"},
	{"kubectl-scale-3", "bash", "kubectl scale deploy/x --replicas=3\n"},
	{"tail-f", "bash", "tail -f /var/log/x\n"},
	{"rmdir", "bash", "rmdir /tmp/empty\n"},
	{"format", "bash", "format output.txt\n"},
	{"rm-file", "bash", "rm /tmp/lockfile\n"},
	{"kill-term", "bash", "kill -15 1234\n"},
	{"kill-list", "bash", "kill -l\n"},
	{"truncate-grow", "bash", "truncate -s 10G disk.img\n"},
	{"helm-list", "bash", "helm list -n prod\n"},
	{"helm-upgrade", "bash", "helm upgrade orders ./chart\n"},
	{"terraform-plan", "bash", "terraform plan -out plan.bin\n"},
	{"terraform-apply", "bash", "terraform apply plan.bin\n"},
	{"aws-s3-ls", "bash", "aws s3 ls s3://bucket --recursive\n"},
	{"aws-s3-rm-one", "bash", "aws s3 rm s3://bucket/key\n"},
	{"dd-read", "bash", "dd if=/dev/sda bs=512 count=1 | xxd\n"},
	{"redirect-null", "bash", "cmd > /dev/null 2>&1\n"},
	{"sql-select", "sql", "SELECT count(*) FROM orders WHERE dropped = false;\n"},
	{"sql-string", "sql", "INSERT INTO log VALUES ('DROP TABLE x');\n"},
	{"sql-comment", "sql", "-- DROP TABLE orders; (do not)\nSELECT 1;\n"},
	{"psql-select", "bash", "psql -c 'SELECT 1'\n"},
	{"psql-file-named-drop", "bash", "psql -f drop.sql\n"},
	{"unlabelled-select", "", "SELECT count(*) FROM orders;\n"},
	{"echo-dropdown", "bash", "echo dropdown backdrop\n"},
	{"curl-get", "bash", "curl -X GET https://api/delete\n"},
	{"command-v", "bash", "command -v rm\n"},
	{"systemctl-status", "bash", "systemctl status postgresql\n"},
	{"docker-run-rm", "bash", "docker run --rm alpine true\n"},
	{"yaml-manual", "yaml", "replicas: 3\n"},
	{"redis-get", "redis", "GET key\n"},
};

UNIT_SUITE(destructive_suite)
static void destructive_suite(void)
{
	char name[96];
	OK("destructive/table-sorted", rb_destructive_table_sorted());
	for (size_t i = 0; i < sizeof destructive_forms / sizeof destructive_forms[0]; i++) {
		const struct destructive_case *c = &destructive_forms[i];
		snprintf(name, sizeof name, "destructive/%s", c->name);
		OK(name, rb_command_is_destructive(c->lang, c->text));
	}
	for (size_t i = 0; i < sizeof benign_forms / sizeof benign_forms[0]; i++) {
		const struct destructive_case *c = &benign_forms[i];
		snprintf(name, sizeof name, "destructive/not-%s", c->name);
		OK(name, !rb_command_is_destructive(c->lang, c->text));
	}
}
