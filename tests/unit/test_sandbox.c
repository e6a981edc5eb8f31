/*
 * The seccomp allow-list is really in force: a forbidden call kills, also
 * from threads that were running before the filter was loaded, as
 * libmicrohttpd's request threads are.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <microhttpd.h>

#include "server/common/http.h"
#include "server/common/sandbox.h"

/* Runs fn in a sandboxed child; returns its wait status. */
static int
in_child(void (*fn)(void))
{
	pid_t pid = fork();
	int st = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		sandbox_seccomp();
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void
do_nothing_forbidden(void)
{
	if (getpid() <= 0 || write(-1, "", 0) != -1)
		_exit(3);
}
static void do_exec(void) { char *argv[] = { "/bin/true", NULL }; execv(argv[0], argv); }
static void do_mkdir(void) { mkdir("/tmp/mdg-sandbox-should-not-exist", 0700); }
static void do_ptrace(void) { syscall(SYS_ptrace, 0, 0, 0, 0); }
static void do_prctl_dumpable(void) { prctl(PR_SET_DUMPABLE, 1, 0, 0, 0); }
/* the servers poll(): epoll is not on their list (http.c says why) */
static void do_epoll(void) { syscall(SYS_epoll_create1, 0); }
static void
do_set_name(void)
{
	if (prctl(PR_SET_NAME, "mdg-test", 0, 0, 0) != 0)
		_exit(8);
}

static void
do_setuid(void)
{
	if (setuid(0) == 0)
		_exit(4);
}

static void
test_allowed_calls_run(void **state)
{
	int st = in_child(do_nothing_forbidden);

	(void)state;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
expect_killed(void (*fn)(void))
{
	int st = in_child(fn);

	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
}

static void test_exec_kills(void **s) { (void)s; expect_killed(do_exec); }
static void test_mkdir_kills(void **s) { (void)s; expect_killed(do_mkdir); }
static void test_ptrace_kills(void **s) { (void)s; expect_killed(do_ptrace); }
static void test_setuid_kills(void **s) { (void)s; expect_killed(do_setuid); }
static void test_prctl_other_kills(void **s) { (void)s; expect_killed(do_prctl_dumpable); }
static void test_epoll_kills(void **s) { (void)s; expect_killed(do_epoll); }

/* Threads name themselves after the filter is in: only that prctl runs. */
static void
test_thread_name_allowed(void **state)
{
	int st = in_child(do_set_name);

	(void)state;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* A thread started before the filter: it waits, then does what it is told. */
static pthread_mutex_t early_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t early_cv = PTHREAD_COND_INITIALIZER;
static int early_go;
static pid_t early_tid;
static void (*early_fn)(void);

static void *
early_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&early_mu);
	early_tid = gettid();
	pthread_cond_broadcast(&early_cv);
	while (!early_go)
		pthread_cond_wait(&early_cv, &early_mu);
	pthread_mutex_unlock(&early_mu);
	early_fn();
	return NULL;
}

/* In a child: start a thread, load the filter, then let the thread run fn. */
static int
in_child_thread(void (*fn)(void))
{
	pid_t pid = fork();
	pthread_t t;
	int st = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		early_fn = fn;
		if (pthread_create(&t, NULL, early_thread, NULL) != 0)
			_exit(5);
		pthread_mutex_lock(&early_mu);
		while (early_tid == 0)
			pthread_cond_wait(&early_cv, &early_mu);
		pthread_mutex_unlock(&early_mu);
		sandbox_seccomp();
		pthread_mutex_lock(&early_mu);
		early_go = 1;
		pthread_cond_broadcast(&early_cv);
		pthread_mutex_unlock(&early_mu);
		pthread_join(t, NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

/* The value of field in /proc/self/task/TID/status, or -1. */
static int
task_field(pid_t tid, const char *field)
{
	char path[64], line[256];
	size_t n = strlen(field);
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)tid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = atoi(line + n + 1);
	fclose(f);
	return v;
}

/* Exits 0 only if this early thread is filtered and cannot gain privileges. */
static void
check_own_status(void)
{
	pid_t tid = gettid();

	if (task_field(tid, "Seccomp") != 2)
		_exit(6);
	if (task_field(tid, "NoNewPrivs") != 1)
		_exit(7);
	_exit(0);
}

static void
test_early_thread_is_filtered(void **state)
{
	int st = in_child_thread(check_own_status);

	(void)state;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_early_thread_exec_kills(void **state)
{
	int st = in_child_thread(do_exec);

	(void)state;
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
}

/* A request handler that makes a forbidden call when asked to. */
static enum MHD_Result
forbidden_handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls; (void)method; (void)version; (void)upload;
	(void)upload_size; (void)con_cls;
	if (strcmp(url, "/mkdir") == 0)
		do_mkdir();
	r = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* A sandboxed child serving HTTP on loopback from a thread pool; its port. */
static pid_t
serve_child(uint16_t *port)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		close(p[0]);
		/* the servers' polling mode (http.h) */
		d = MHD_start_daemon(HTTP_MHD_POLLING,
		    0, NULL, NULL, forbidden_handler, NULL,
		    MHD_OPTION_THREAD_POOL_SIZE, 4u, MHD_OPTION_END);
		if (d == NULL ||
		    (info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)) == NULL)
			_exit(5);
		sandbox_seccomp();
		if (write(p[1], &info->port, sizeof(info->port)) != sizeof(info->port))
			_exit(5);
		for (;;)	/* pause() is not on the allow-list */
			sleep(1);
	}
	close(p[1]);
	assert_int_equal(read(p[0], port, sizeof(*port)), sizeof(*port));
	close(p[0]);
	return pid;
}

/* Sends GET path to 127.0.0.1:port; the bytes of the answer read (0 if none). */
static ssize_t
http_get(uint16_t port, const char *path, char *buf, size_t size)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	char req[128];
	ssize_t n, got = 0;
	int fd;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	while ((size_t)got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fd);
	return got;
}

/* waitpid for at most ten seconds, then the child is killed: no hang. */
static pid_t
wait_bounded(pid_t pid, int *st)
{
	pid_t r;
	int i;

	for (i = 0; i < 100; i++) {
		if ((r = waitpid(pid, st, WNOHANG)) != 0)
			return r;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, st, 0);
	return 0;
}

static void
test_request_thread_serves_allowed(void **state)
{
	uint16_t port;
	pid_t pid = serve_child(&port);
	char buf[512];
	int st = 0;

	(void)state;
	if (http_get(port, "/", buf, sizeof(buf)) <= 0) {
		assert_int_equal(wait_bounded(pid, &st), pid);
		fail_msg("no answer; child status %x", st);
	}
	assert_non_null(strstr(buf, "200 OK"));
	kill(pid, SIGTERM);
	assert_int_equal(wait_bounded(pid, &st), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
}

static void
test_request_thread_forbidden_kills(void **state)
{
	uint16_t port;
	pid_t pid = serve_child(&port);
	char buf[512];
	int st = 0;

	(void)state;
	http_get(port, "/mkdir", buf, sizeof(buf));
	rmdir("/tmp/mdg-sandbox-should-not-exist");
	assert_null(strstr(buf, "200 OK"));
	assert_int_equal(wait_bounded(pid, &st), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed_calls_run),
		cmocka_unit_test(test_exec_kills),
		cmocka_unit_test(test_mkdir_kills),
		cmocka_unit_test(test_ptrace_kills),
		cmocka_unit_test(test_setuid_kills),
		cmocka_unit_test(test_prctl_other_kills),
		cmocka_unit_test(test_epoll_kills),
		cmocka_unit_test(test_thread_name_allowed),
		cmocka_unit_test(test_early_thread_is_filtered),
		cmocka_unit_test(test_early_thread_exec_kills),
		cmocka_unit_test(test_request_thread_serves_allowed),
		cmocka_unit_test(test_request_thread_forbidden_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
