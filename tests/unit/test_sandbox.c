/* The seccomp allow-list is really in force: a forbidden call kills. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed_calls_run),
		cmocka_unit_test(test_exec_kills),
		cmocka_unit_test(test_mkdir_kills),
		cmocka_unit_test(test_ptrace_kills),
		cmocka_unit_test(test_setuid_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
