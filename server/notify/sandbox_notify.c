/*
 * The notifier's seccomp allow-list. It serves nobody, so unlike the HTTP
 * servers it needs no accept, bind or listen; it needs what libpq and
 * libcurl use to reach PostgreSQL and the mail server: sockets, name
 * resolution (libcurl's resolver thread reads /etc/hosts and friends and
 * wakes the caller through a socket pair), TLS (randomness, time) and
 * waiting. The filter is synchronised over every thread the process has.
 */
#include "server/common/sandbox.h"
#include "server/notify/notify.h"

static const char *const notify_allowed[] = {
	"read", "write", "readv", "writev", "pread64", "close", "lseek",
	"openat", "newfstatat", "fstat", "statx", "fcntl", "ioctl",
	"socket", "socketpair", "connect", "shutdown", "sendto", "recvfrom",
	"sendmsg", "recvmsg", "sendmmsg", "getsockopt", "setsockopt",
	"getsockname", "getpeername", "poll", "ppoll", "select", "pselect6",
	"epoll_wait", "epoll_pwait", "epoll_ctl", "epoll_create1", "eventfd2",
	"pipe2", "mmap", "munmap", "mremap", "mprotect", "madvise", "brk",
	"mlock", "munlock", "mlock2", "futex", "sched_yield", "nanosleep",
	"clock_nanosleep", "clock_gettime", "gettimeofday", "time", "getrandom",
	"getpid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "sigaltstack",
	"tgkill", "exit", "exit_group", "set_robust_list", "rseq", "clone",
	"clone3", "prlimit64", "uname", "sched_getaffinity", "restart_syscall",
	"access", "faccessat", "faccessat2", "readlink", "stat", "lstat",
	"open", "dup", "dup2", "dup3", "membarrier", NULL
};

void
sandbox_notify_seccomp(void)
{
	sandbox_filter(notify_allowed, 0);
}
