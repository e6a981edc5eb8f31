/*
 * At most N Argon2id jobs at once (each takes RECEIPT_KDF_MEM of RAM), and
 * at most Q requests waiting for one. Past that the caller answers 503
 * with Retry-After instead of letting memory-hard hashing exhaust RAM.
 */
#ifndef MDG_KDF_GATE_H
#define MDG_KDF_GATE_H

#define KDF_GATE_WAIT_SECONDS	10
#define KDF_GATE_RETRY_AFTER	"30"

struct kdf_gate;

struct kdf_gate	*kdf_gate_new(unsigned jobs, unsigned queue);
void		 kdf_gate_free(struct kdf_gate *);
/* 0 with a slot held, -1 when the queue is full or the wait timed out. */
int		 kdf_gate_enter(struct kdf_gate *);
void		 kdf_gate_leave(struct kdf_gate *);

#endif
