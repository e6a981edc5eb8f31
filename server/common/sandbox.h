/*
 * After the listener is bound and every file is read: drop root to the
 * configured user, forbid new privileges, and install a seccomp allow-list
 * that kills the process on any other system call. Core dumps are off
 * from the start (a dump would hold keys and plaintext).
 */
#ifndef MDG_SANDBOX_H
#define MDG_SANDBOX_H

/* Fatal on failure: a server that cannot sandbox itself does not serve. */
void	sandbox_no_core(void);
void	sandbox_drop(const char *user);
void	sandbox_seccomp(void);
/* The same for another program's list (NULL-ended system call names). */
void	sandbox_filter(const char *const *allowed, int threads_name_themselves);

#endif
