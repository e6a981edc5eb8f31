#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <seccomp.h>

#include "server/common/log.h"
#include "server/common/sandbox.h"

void
sandbox_no_core(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) == -1 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		fatalx("%s: cannot disable core dumps", __func__);
	/* the connection limit, not the descriptor limit, should bind */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

void
sandbox_drop(const char *user)
{
	struct passwd *pw;

	if (user == NULL || user[0] == '\0') {
		if (geteuid() == 0)
			log_warnx("sandbox: running as root (set run_as to drop it)");
		return;
	}
	if ((pw = getpwnam(user)) == NULL)
		fatalx("%s: no user %s", __func__, user);
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		fatalx("%s: cannot drop privileges to %s: %s", __func__, user,
		    strerror(errno));
	if (setresuid(0, 0, 0) == 0)
		fatalx("%s: could regain root", __func__);
}

/*
 * What the servers need once running: network I/O and poll()
 * (libmicrohttpd, GnuTLS, libpq reconnecting; no epoll, see http.c), memory (Argon2id, locked
 * secrets), threads' synchronisation, time and randomness, and opening
 * files only for libpq's optional password and service files.
 */
static const char *const sandbox_allowed[] = {
	"read", "write", "readv", "writev", "pread64", "close", "lseek",
	"openat", "newfstatat", "fstat", "statx", "fcntl", "ioctl",
	"socket", "connect", "accept", "accept4", "bind", "listen", "shutdown",
	"sendto", "recvfrom", "sendmsg", "recvmsg", "getsockopt", "setsockopt",
	"getsockname", "getpeername", "poll", "ppoll", "select", "pselect6",
	"eventfd2", "pipe2", "mmap", "munmap", "mremap", "mprotect", "madvise", "brk",
	"mlock", "munlock", "mlock2", "futex", "sched_yield", "nanosleep",
	"clock_nanosleep", "clock_gettime", "gettimeofday", "getrandom",
	"getpid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "rt_sigtimedwait",
	"sigaltstack", "tgkill", "exit", "exit_group", "set_robust_list",
	"rseq", "clone", "clone3", "prlimit64", "uname", "sysinfo",
	"sched_getaffinity", "restart_syscall", "getdents64", "access",
	"faccessat", "faccessat2", "readlink", "readlinkat", "stat", "lstat",
	"open", "dup", "dup2", "dup3", "membarrier", NULL
};

void
sandbox_filter(const char *const *allowed, int threads_name_themselves)
{
	scmp_filter_ctx ctx;
	size_t i;
	int nr;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatalx("%s: no_new_privs: %s", __func__, strerror(errno));
	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL)
		fatalx("%s: seccomp_init failed", __func__);
	/*
	 * Threads (libmicrohttpd's, libcurl's resolver) may exist before the
	 * filter is loaded: thread sync puts the same filter, and
	 * no_new_privs, on every thread of the process, and loading fails
	 * outright if any thread cannot be synchronised.
	 */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1) != 0)
		fatalx("%s: cannot synchronise the filter over threads", __func__);
	for (i = 0; allowed[i] != NULL; i++) {
		/* names this architecture lacks are skipped, not fatal */
		if ((nr = seccomp_syscall_resolve_name(allowed[i])) ==
		    __NR_SCMP_ERROR)
			continue;
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) != 0)
			fatalx("%s: cannot allow %s", __func__, allowed[i]);
	}
	/*
	 * libmicrohttpd's threads name themselves (PR_SET_NAME) when they
	 * start, which may be after the filter is in place: that one prctl
	 * is allowed, no other.
	 */
	if (threads_name_themselves && seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
	    SCMP_SYS(prctl), 1, SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME)) != 0)
		fatalx("%s: cannot allow prctl(PR_SET_NAME)", __func__);
	if (seccomp_load(ctx) != 0)
		fatalx("%s: seccomp_load failed", __func__);
	seccomp_release(ctx);
}

void
sandbox_seccomp(void)
{
	sandbox_filter(sandbox_allowed, 1);
}
