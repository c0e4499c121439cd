/*
 * A MariaDB of the test's own, for the unit tests of code that talks to the
 * database (db.c, the outbox): mariadb-install-db into a temporary
 * directory, mariadbd on a unix socket there (no TCP), the migrations
 * applied, and the configuration the library reads pointing at it. About
 * two seconds; stopped and removed at the end. Needs mariadb-server (make
 * deps installs it).
 */
#ifndef UNIT_DB_H
#define UNIT_DB_H

#include "unit.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static char unit_db_dir[64];
static pid_t unit_db_pid;

static int
unit_db_sh(const char *cmd)
{
	int rc = system(cmd);
	return rc == 0 ? 0 : -1;
}

/* Starts the server (again, after unit_db_stop, on the same data). */
static int
unit_db_start(void)
{
	char sock[128], cmd[512];
	snprintf(sock, sizeof(sock), "%s/mysqld.sock", unit_db_dir);
	unit_db_pid = fork();
	if (unit_db_pid < 0)
		return -1;
	if (unit_db_pid == 0) {
		char datadir[128], socket_opt[160], pidfile[160], log[160];
		snprintf(datadir, sizeof(datadir), "--datadir=%s/data", unit_db_dir);
		snprintf(socket_opt, sizeof(socket_opt), "--socket=%s", sock);
		snprintf(pidfile, sizeof(pidfile), "--pid-file=%s/mysqld.pid", unit_db_dir);
		snprintf(log, sizeof(log), "--log-error=%s/mysqld.log", unit_db_dir);
		execlp("mariadbd", "mariadbd", "--no-defaults", datadir, socket_opt, pidfile, log, "--skip-networking",
			"--user=root", "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M", "--skip-log-bin",
			(char *)NULL);
		_exit(127);
	}
	snprintf(cmd, sizeof(cmd), "mariadb-admin --no-defaults --socket=%s ping >/dev/null 2>&1", sock);
	for (int i = 0; i < 300; i++) {
		if (unit_db_sh(cmd) == 0)
			return 0;
		usleep(100 * 1000);
	}
	return -1;
}

/* Stops the server cleanly (as a restart or a crash of MariaDB would leave
 * the library's connection: gone). */
static void
unit_db_stop(void)
{
	if (unit_db_pid > 0) {
		kill(unit_db_pid, SIGTERM);
		waitpid(unit_db_pid, NULL, 0);
		unit_db_pid = 0;
	}
}

/* Runs every migrations/NNNN_*.sql in order, as portalctl migrate does. */
static int
unit_db_migrate(void)
{
	struct dirent **names;
	int n = scandir("migrations", &names, NULL, alphasort), rc = 0;
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t l = strlen(name);
		if (rc == 0 && l > 4 && strcmp(name + l - 4, ".sql") == 0) {
			char path[300];
			snprintf(path, sizeof(path), "migrations/%s", name);
			FILE *f = fopen(path, "rb");
			struct buf sql;
			buf_init(&sql, 0);
			char chunk[4096];
			size_t k;
			while (f && (k = fread(chunk, 1, sizeof(chunk), f)) > 0)
				buf_append(&sql, chunk, k);
			if (f)
				fclose(f);
			if (f == NULL || sql.data == NULL || db_exec_raw(sql.data) < 0) {
				fprintf(stderr, "unit_db: %s: %s\n", path, db_error_message());
				rc = -1;
			}
			buf_free(&sql);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

/* A fresh server with the schema, and portal_conf pointing at it with the
 * repository's clinic files. The library then connects as the admin
 * (root over the socket): the application account's grants are not what a
 * unit test checks. */
static int
unit_db_setup(void)
{
	char cmd[512], yaml[2048], path[160], err[1024];
	if (unit_tmpdir_make(unit_db_dir, sizeof(unit_db_dir), "db", NULL) < 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "mariadb-install-db --no-defaults --datadir=%s/data --user=root"
		" --auth-root-authentication-method=socket --skip-test-db >%s/install.log 2>&1", unit_db_dir, unit_db_dir);
	if (unit_db_sh(cmd) < 0 || unit_db_start() < 0) {
		fprintf(stderr, "unit_db: MariaDB did not start (see %s)\n", unit_db_dir);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "mariadb --no-defaults --socket=%s/mysqld.sock -e 'CREATE DATABASE portal'",
		unit_db_dir);
	if (unit_db_sh(cmd) < 0)
		return -1;
	snprintf(yaml, sizeof(yaml),
		"database: { socket: %s/mysqld.sock, name: portal, user: root, admin_user: root, timeout_seconds: 1 }\n"
		"paths: { templates: templates, clinics: conf/clinics, secrets: %s, common_passwords: conf/common-passwords.txt,"
		" run: %s, static: static }\n"
		"public_url: https://portal.example.org\n",
		unit_db_dir, unit_db_dir, unit_db_dir);
	snprintf(path, sizeof(path), "%s/portal.yaml", unit_db_dir);
	unit_write_file(path, yaml);
	if (portal_register_features() < 0)
		return -1;
	portal_conf = conf_load(path, err, sizeof(err));
	if (portal_conf == NULL) {
		fprintf(stderr, "unit_db: %s\n", err);
		return -1;
	}
	if (db_connect_admin() < 0 || unit_db_migrate() < 0)
		return -1;
	return 0;
}

static int
unit_db_teardown(void)
{
	db_disconnect();
	unit_db_stop();
	conf_free(portal_conf);
	portal_conf = NULL;
	return unit_tmpdir_remove(unit_db_dir);
}

/* One value from the test's own SQL (test data only; never user input). */
static long long
unit_db_int(const char *sql)
{
	struct db_stmt q = DB_QUERY("unit", 1, NULL);
	q.sql = sql;
	struct db_rows rs;
	long long v = db_run_direct(&q, &rs, DB_NOARGS) == 0 && rs.nrows == 1 ? db_cell_int(&rs, 0, 0) : -1;
	db_rows_free(&rs);
	db_disconnect();       /* q dies with this frame: its prepared form must too */
	return v;
}

#endif
