/*
 * The case envelope: records sealed under K and K sealed to recipients.
 * Every way a record or a sealed key may be damaged, moved or opened with
 * the wrong key must fail, and each test says which.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/envelope.h"

static const char CASE[] = "00112233445566778899aabbccddeeff";
static const char CASE2[] = "ffeeddccbbaa99887766554433221100";
static const char REC[] = "0123456789abcdef0123456789abcdef";
static const char REC2[] = "fedcba9876543210fedcba9876543210";
static const char MSG[] = "上司に毎日怒鳴られています。録音があります。";

#define NONCE	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG	crypto_aead_xchacha20poly1305_ietf_ABYTES

/* The message in guarded memory, so an overread by the sealer traps. */
static unsigned char *
msg_copy(size_t *len)
{
	unsigned char *m;

	*len = sizeof(MSG) - 1;
	m = sodium_malloc(*len);
	assert_non_null(m);
	memcpy(m, MSG, *len);
	return m;
}

static unsigned char *
seal_report(const unsigned char *k, size_t *slen)
{
	unsigned char *m, *s;
	size_t mlen;

	m = msg_copy(&mlen);
	assert_int_equal(env_record_seal(k, CASE, "report", REC, m, mlen, &s,
	    slen), ENV_OK);
	sodium_free(m);
	return s;
}

/* Opening must fail with want and leave no plaintext behind. */
static void
open_fails(const unsigned char *k, const char *case_id, const char *kind,
    const char *rec, const unsigned char *s, size_t slen, int want)
{
	unsigned char *p = (unsigned char *)"untouched";
	size_t plen = 99;

	assert_int_equal(env_record_open(k, case_id, kind, rec, s, slen, &p,
	    &plen), want);
	assert_null(p);
	assert_int_equal(plen, 0);
}

static void
test_init_twice(void **state)
{
	(void)state;
	/* main has initialised already; a second call is harmless */
	assert_int_equal(env_init(), 0);
}

static void
test_keys_random_locked_and_copied(void **state)
{
	unsigned char *a = env_key_new(), *b = env_key_new(), *c;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_memory_not_equal(a, b, ENV_KEYBYTES);
	c = env_key_dup(a);
	assert_non_null(c);
	assert_ptr_not_equal(c, a);
	assert_memory_equal(c, a, ENV_KEYBYTES);
	assert_null(env_key_dup(NULL));
	env_secret_free(a);
	env_secret_free(b);
	env_secret_free(c);
	env_secret_free(NULL);
}

static void
test_ids(void **state)
{
	char a[ENV_ID_HEXLEN + 1], b[ENV_ID_HEXLEN + 1];

	(void)state;
	env_random_id(a);
	env_random_id(b);
	assert_int_equal(strlen(a), ENV_ID_HEXLEN);
	assert_true(env_id_valid(a));
	assert_string_not_equal(a, b);
	assert_false(env_id_valid(NULL));
	assert_false(env_id_valid(""));
	assert_false(env_id_valid("0123"));
	assert_false(env_id_valid("0123456789ABCDEF0123456789abcdef"));
	assert_false(env_id_valid("0123456789abcdef0123456789abcdeg"));
	assert_false(env_id_valid("0123456789abcdef0123456789abcdef0"));
	assert_false(env_id_valid("0123456789abcdef0123456789abcde"));
}

static void
test_record_round_trip(void **state)
{
	unsigned char *k = env_key_new(), *s, *p;
	size_t slen, plen;

	(void)state;
	s = seal_report(k, &slen);
	assert_int_equal(env_record_open(k, CASE, "report", REC, s, slen, &p,
	    &plen), ENV_OK);
	assert_int_equal(plen, sizeof(MSG) - 1);
	assert_memory_equal(p, MSG, plen);
	assert_int_equal(p[plen], '\0');	/* NUL-terminated for callers */
	env_secret_free(p);
	free(s);
	env_secret_free(k);
}

/* Every size class, including the empty record and the largest one. */
static void
test_record_round_trip_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, ENV_RECORD_PAD - 1,
	    ENV_RECORD_PAD, ENV_RECORD_PAD + 1, 5000, ENV_RECORD_MAX };
	unsigned char *k = env_key_new(), *m, *s, *p;
	size_t i, slen, plen;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		m = sodium_malloc(sizes[i] + 1);
		randombytes_buf(m, sizes[i]);
		assert_int_equal(env_record_seal(k, CASE, "message", REC, m,
		    sizes[i], &s, &slen), ENV_OK);
		assert_int_equal(slen, env_record_sealed_len(sizes[i]));
		assert_int_equal((slen - NONCE - TAG) % ENV_RECORD_PAD, 0);
		assert_int_equal(env_record_open(k, CASE, "message", REC, s,
		    slen, &p, &plen), ENV_OK);
		assert_int_equal(plen, sizes[i]);
		if (plen > 0)
			assert_memory_equal(p, m, plen);
		env_secret_free(p);
		free(s);
		sodium_free(m);
	}
	env_secret_free(k);
}

static void
test_record_empty_with_null_plain(void **state)
{
	unsigned char *k = env_key_new(), *s, *p;
	size_t slen, plen;

	(void)state;
	assert_int_equal(env_record_seal(k, CASE, "message", REC, NULL, 0, &s,
	    &slen), ENV_OK);
	assert_int_equal(env_record_open(k, CASE, "message", REC, s, slen, &p,
	    &plen), ENV_OK);
	assert_int_equal(plen, 0);
	assert_int_equal(p[0], '\0');
	env_secret_free(p);
	free(s);
	env_secret_free(k);
}

/* Padding to ENV_RECORD_PAD: lengths within a block are indistinguishable. */
static void
test_record_padding_hides_length(void **state)
{
	unsigned char *k = env_key_new(), *m = sodium_malloc(ENV_RECORD_PAD);
	unsigned char *a, *b, *c;
	size_t alen, blen, clen;

	(void)state;
	memset(m, 'x', ENV_RECORD_PAD);
	assert_int_equal(env_record_seal(k, CASE, "message", REC, m, 1, &a,
	    &alen), ENV_OK);
	assert_int_equal(env_record_seal(k, CASE, "message", REC, m,
	    ENV_RECORD_PAD - 1, &b, &blen), ENV_OK);
	assert_int_equal(env_record_seal(k, CASE, "message", REC, m,
	    ENV_RECORD_PAD, &c, &clen), ENV_OK);
	assert_int_equal(alen, blen);
	assert_int_equal(alen, NONCE + ENV_RECORD_PAD + TAG);
	/* a full block still needs sodium_pad's marker: one block more */
	assert_int_equal(clen, alen + ENV_RECORD_PAD);
	free(a);
	free(b);
	free(c);
	sodium_free(m);
	env_secret_free(k);
}

/* A fresh random nonce each time: equal plaintexts do not look equal. */
static void
test_record_nonce_is_fresh(void **state)
{
	unsigned char *k = env_key_new(), *a, *b;
	size_t alen, blen;

	(void)state;
	a = seal_report(k, &alen);
	b = seal_report(k, &blen);
	assert_int_equal(alen, blen);
	assert_memory_not_equal(a, b, NONCE);
	assert_memory_not_equal(a + NONCE, b + NONCE, alen - NONCE);
	free(a);
	free(b);
	env_secret_free(k);
}

/*
 * The format, from the outside: nonce || XChaCha20-Poly1305 under the
 * subkey (id 1, context "mdgrecrd") of K, with the documented associated
 * data. K itself, or the attachments' subkey, must not open it.
 */
static void
test_record_format_and_subkey(void **state)
{
	static const unsigned char ad[] = "madoguchi/v1\0"
	    "00112233445566778899aabbccddeeff\0report\0"
	    "0123456789abcdef0123456789abcdef";
	unsigned char *k = env_key_new(), *s, sub[32], *m;
	unsigned long long mlen;
	size_t slen, unpadded;

	(void)state;
	s = seal_report(k, &slen);
	m = sodium_malloc(slen);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen,
	    NULL, s + NONCE, slen - NONCE, ad, sizeof(ad) - 1, s, k), -1);
	crypto_kdf_derive_from_key(sub, sizeof(sub), 2, "mdgattch", k);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen,
	    NULL, s + NONCE, slen - NONCE, ad, sizeof(ad) - 1, s, sub), -1);
	crypto_kdf_derive_from_key(sub, sizeof(sub), 1, "mdgrecrd", k);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen,
	    NULL, s + NONCE, slen - NONCE, ad, sizeof(ad) - 1, s, sub), 0);
	assert_int_equal(mlen, ENV_RECORD_PAD);
	assert_int_equal(sodium_unpad(&unpadded, m, mlen, ENV_RECORD_PAD), 0);
	assert_int_equal(unpadded, sizeof(MSG) - 1);
	assert_memory_equal(m, MSG, unpadded);
	sodium_memzero(sub, sizeof(sub));
	sodium_free(m);
	free(s);
	env_secret_free(k);
}

static void
test_record_wrong_key_fails(void **state)
{
	unsigned char *k = env_key_new(), *k2 = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = seal_report(k, &slen);
	open_fails(k2, CASE, "report", REC, s, slen, ENV_EDECRYPT);
	k2[0] = k[0] ^ 1;	/* a key one bit away */
	memcpy(k2 + 1, k + 1, ENV_KEYBYTES - 1);
	open_fails(k2, CASE, "report", REC, s, slen, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
	env_secret_free(k2);
}

/* Two cases' records with their keys swapped: neither opens. */
static void
test_record_swapped_keys_fail(void **state)
{
	unsigned char *k = env_key_new(), *k2 = env_key_new(), *a, *b, *m;
	size_t alen, blen, mlen;

	(void)state;
	m = msg_copy(&mlen);
	assert_int_equal(env_record_seal(k, CASE, "report", REC, m, mlen, &a,
	    &alen), ENV_OK);
	assert_int_equal(env_record_seal(k2, CASE2, "report", REC2, m, mlen,
	    &b, &blen), ENV_OK);
	open_fails(k2, CASE, "report", REC, a, alen, ENV_EDECRYPT);
	open_fails(k, CASE2, "report", REC2, b, blen, ENV_EDECRYPT);
	sodium_free(m);
	free(a);
	free(b);
	env_secret_free(k);
	env_secret_free(k2);
}

/* The associated data pins case, kind and row: a moved record fails. */
static void
test_record_moved_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = seal_report(k, &slen);
	open_fails(k, CASE2, "report", REC, s, slen, ENV_EDECRYPT);
	open_fails(k, CASE, "message", REC, s, slen, ENV_EDECRYPT);
	open_fails(k, CASE, "note", REC, s, slen, ENV_EDECRYPT);
	open_fails(k, CASE, "reports", REC, s, slen, ENV_EDECRYPT);
	open_fails(k, CASE, "repor", REC, s, slen, ENV_EDECRYPT);
	open_fails(k, CASE, "report", REC2, s, slen, ENV_EDECRYPT);
	/* case and record ids swapped */
	open_fails(k, REC, "report", CASE, s, slen, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
test_record_tampered_byte_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen, i;

	(void)state;
	s = seal_report(k, &slen);
	for (i = 0; i < slen; i++) {	/* nonce, ciphertext and tag alike */
		s[i] ^= 0x01;
		open_fails(k, CASE, "report", REC, s, slen, ENV_EDECRYPT);
		s[i] ^= 0x01;
	}
	s[slen - 1] ^= 0x80;
	open_fails(k, CASE, "report", REC, s, slen, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
test_record_truncated_fails(void **state)
{
	unsigned char *k = env_key_new(), *m, *s;
	size_t slen;

	(void)state;
	m = sodium_malloc(3 * ENV_RECORD_PAD);
	memset(m, 'y', 3 * ENV_RECORD_PAD);
	assert_int_equal(env_record_seal(k, CASE, "report", REC, m,
	    2 * ENV_RECORD_PAD, &s, &slen), ENV_OK);
	open_fails(k, CASE, "report", REC, s, slen - 1, ENV_EDECRYPT);
	open_fails(k, CASE, "report", REC, s, slen - TAG, ENV_EDECRYPT);
	/* a whole padding block cut: the shape is plausible, the tag is not */
	open_fails(k, CASE, "report", REC, s, slen - ENV_RECORD_PAD,
	    ENV_EDECRYPT);
	open_fails(k, CASE, "report", REC, s, NONCE + TAG, ENV_EDECRYPT);
	open_fails(k, CASE, "report", REC, s, NONCE, ENV_EDECRYPT);
	sodium_free(m);
	free(s);
	env_secret_free(k);
}

static void
test_record_extended_fails(void **state)
{
	unsigned char *k = env_key_new(), *s, *longer;
	size_t slen;

	(void)state;
	s = seal_report(k, &slen);
	longer = calloc(1, slen + ENV_RECORD_PAD);
	memcpy(longer, s, slen);
	open_fails(k, CASE, "report", REC, longer, slen + 1, ENV_EDECRYPT);
	open_fails(k, CASE, "report", REC, longer, slen + ENV_RECORD_PAD,
	    ENV_EDECRYPT);
	free(longer);
	free(s);
	env_secret_free(k);
}

static void
test_record_zero_length_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = seal_report(k, &slen);
	open_fails(k, CASE, "report", REC, s, 0, ENV_EDECRYPT);
	open_fails(k, CASE, "report", REC, NULL, 0, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
seal_refused(const unsigned char *k, const char *case_id, const char *kind,
    const char *rec, const unsigned char *m, size_t mlen)
{
	unsigned char *s = (unsigned char *)"untouched";
	size_t slen = 99;

	assert_int_equal(env_record_seal(k, case_id, kind, rec, m, mlen, &s,
	    &slen), ENV_EINVAL);
	assert_null(s);
	assert_int_equal(slen, 0);
}

static void
test_record_bad_arguments(void **state)
{
	unsigned char *k = env_key_new(), *m = sodium_malloc(16), *s;
	size_t slen;

	(void)state;
	memset(m, 'z', 16);
	seal_refused(NULL, CASE, "report", REC, m, 3);
	seal_refused(k, NULL, "report", REC, m, 3);
	seal_refused(k, "not-hex", "report", REC, m, 3);
	seal_refused(k, CASE, "report", "0123", m, 3);
	seal_refused(k, CASE, NULL, REC, m, 3);
	seal_refused(k, CASE, "", REC, m, 3);
	seal_refused(k, CASE, "Report", REC, m, 3);
	seal_refused(k, CASE, "re port", REC, m, 3);
	seal_refused(k, CASE, "abcdefghijklmnopq", REC, m, 3);	/* 17 letters */
	seal_refused(k, CASE, "report", REC, NULL, 3);
	seal_refused(k, CASE, "report", REC, m, ENV_RECORD_MAX + 1);
	assert_int_equal(env_record_seal(k, CASE, "abcdefghijklmnop", REC, m, 3,
	    &s, &slen), ENV_OK);	/* 16 letters is the limit */
	open_fails(k, CASE, "Report", REC, s, slen, ENV_EINVAL);
	open_fails(NULL, CASE, "abcdefghijklmnop", REC, s, slen, ENV_EINVAL);
	open_fails(k, CASE, "abcdefghijklmnop", "nothex", s, slen, ENV_EINVAL);
	free(s);
	sodium_free(m);
	env_secret_free(k);
}

static void
test_key_seal_round_trip(void **state)
{
	unsigned char pk[ENV_PKBYTES], sealed[ENV_SEALED_KEYBYTES], *got;
	unsigned char *sk = sodium_malloc(ENV_SKBYTES), *k = env_key_new();

	(void)state;
	assert_int_equal(env_keypair(pk, sk), ENV_OK);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, sk, &got),
	    ENV_OK);
	assert_memory_equal(got, k, ENV_KEYBYTES);
	env_secret_free(got);
	env_secret_free(k);
	sodium_free(sk);
}

/* K sealed to several recipients: each opens its own copy, and only that. */
static void
test_key_seal_many_recipients(void **state)
{
	unsigned char pk[3][ENV_PKBYTES], sealed[3][ENV_SEALED_KEYBYTES];
	unsigned char *sk[3], *k = env_key_new(), *got;
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++) {
		sk[i] = sodium_malloc(ENV_SKBYTES);
		assert_int_equal(env_keypair(pk[i], sk[i]), ENV_OK);
		assert_int_equal(env_key_seal(k, pk[i], sealed[i]), ENV_OK);
	}
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++) {
			int rc = env_key_open(sealed[i], ENV_SEALED_KEYBYTES,
			    pk[j], sk[j], &got);

			if (i != j) {
				assert_int_equal(rc, ENV_EDECRYPT);
				assert_null(got);
				continue;
			}
			assert_int_equal(rc, ENV_OK);
			assert_memory_equal(got, k, ENV_KEYBYTES);
			env_secret_free(got);
		}
	for (i = 0; i < 3; i++)
		sodium_free(sk[i]);
	env_secret_free(k);
}

static void
test_key_seal_wrong_or_swapped_keys_fail(void **state)
{
	unsigned char pk[ENV_PKBYTES], pk2[ENV_PKBYTES];
	unsigned char sealed[ENV_SEALED_KEYBYTES], *got;
	unsigned char *sk = sodium_malloc(ENV_SKBYTES);
	unsigned char *sk2 = sodium_malloc(ENV_SKBYTES), *k = env_key_new();

	(void)state;
	assert_int_equal(env_keypair(pk, sk), ENV_OK);
	assert_int_equal(env_keypair(pk2, sk2), ENV_OK);
	assert_memory_not_equal(pk, pk2, ENV_PKBYTES);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk2, &got),
	    ENV_EDECRYPT);	/* someone else's key pair */
	assert_null(got);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, sk2, &got),
	    ENV_EDECRYPT);	/* right pk, wrong sk */
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got),
	    ENV_EDECRYPT);	/* right sk, wrong pk */
	assert_null(got);
	env_secret_free(k);
	sodium_free(sk);
	sodium_free(sk2);
}

static void
test_key_seal_damaged_fails(void **state)
{
	unsigned char pk[ENV_PKBYTES], *sk = sodium_malloc(ENV_SKBYTES);
	unsigned char sealed[ENV_SEALED_KEYBYTES + 1], *k = env_key_new(), *got;
	size_t i;

	(void)state;
	assert_int_equal(env_keypair(pk, sk), ENV_OK);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	for (i = 0; i < ENV_SEALED_KEYBYTES; i++) {
		sealed[i] ^= 0x01;
		assert_int_equal(env_key_open(sealed, ENV_SEALED_KEYBYTES, pk,
		    sk, &got), ENV_EDECRYPT);
		assert_null(got);
		sealed[i] ^= 0x01;
	}
	sealed[ENV_SEALED_KEYBYTES] = 0;
	assert_int_equal(env_key_open(sealed, ENV_SEALED_KEYBYTES - 1, pk, sk,
	    &got), ENV_EDECRYPT);	/* truncated */
	assert_int_equal(env_key_open(sealed, ENV_SEALED_KEYBYTES + 1, pk, sk,
	    &got), ENV_EDECRYPT);	/* extended */
	assert_int_equal(env_key_open(sealed, 0, pk, sk, &got), ENV_EDECRYPT);
	assert_int_equal(env_key_open(NULL, 0, pk, sk, &got), ENV_EDECRYPT);
	assert_int_equal(env_key_open(sealed, ENV_SEALED_KEYBYTES, pk, sk,
	    &got), ENV_OK);	/* and the undamaged one still opens */
	env_secret_free(got);
	env_secret_free(k);
	sodium_free(sk);
}

static void
test_key_seal_bad_arguments(void **state)
{
	unsigned char pk[ENV_PKBYTES], zero[ENV_PKBYTES] = { 0 };
	unsigned char sealed[ENV_SEALED_KEYBYTES], *k = env_key_new(), *got;
	unsigned char *sk = sodium_malloc(ENV_SKBYTES);

	(void)state;
	assert_int_equal(env_keypair(pk, sk), ENV_OK);
	assert_int_equal(env_key_seal(NULL, pk, sealed), ENV_EINVAL);
	assert_int_equal(env_key_seal(k, NULL, sealed), ENV_EINVAL);
	/* the all-zero point would make the shared secret zero */
	assert_int_equal(env_key_seal(k, zero, sealed), ENV_EINVAL);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), NULL, sk, &got),
	    ENV_EINVAL);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, NULL, &got),
	    ENV_EINVAL);
	assert_int_equal(env_keypair(NULL, sk), ENV_EINVAL);
	env_secret_free(k);
	sodium_free(sk);
}

/* --- the opener: many records, one locked allocation ------------------ */

struct opener_fix {
	unsigned char	 pk[ENV_PKBYTES], *sk, *k;
	unsigned char	 sealed_key[ENV_SEALED_KEYBYTES];
	unsigned char	*s;
	size_t		 slen;
};

static void
opener_fix(struct opener_fix *f)
{
	f->sk = sodium_malloc(ENV_SKBYTES);
	assert_int_equal(env_keypair(f->pk, f->sk), ENV_OK);
	f->k = env_key_new();
	assert_int_equal(env_key_seal(f->k, f->pk, f->sealed_key), ENV_OK);
	f->s = seal_report(f->k, &f->slen);
}

static void
opener_fix_free(struct opener_fix *f)
{
	free(f->s);
	env_secret_free(f->k);
	sodium_free(f->sk);
}

static int
opener_open(struct env_opener *o, const struct opener_fix *f,
    const unsigned char *sk, const char *case_id, const char *kind,
    const unsigned char *s, size_t slen, const char **p, size_t *plen)
{
	return env_opener_open(o, f->sealed_key, sizeof(f->sealed_key), f->pk, sk,
	    case_id, kind, REC, s, slen, p, plen);
}

/* The same text as env_record_open, NUL-terminated, twice in a row. */
static void
test_opener_round_trip(void **state)
{
	struct env_opener *o = env_opener_new();
	struct opener_fix f;
	const char *p;
	size_t plen;
	int i;

	(void)state;
	assert_non_null(o);
	opener_fix(&f);
	for (i = 0; i < 2; i++) {
		assert_int_equal(opener_open(o, &f, f.sk, CASE, "report", f.s,
		    f.slen, &p, &plen), ENV_OK);
		assert_int_equal(plen, sizeof(MSG) - 1);
		assert_string_equal(p, MSG);
	}
	opener_fix_free(&f);
	env_opener_free(o);
}

/* A longer record after a short one: the buffer grows, the text is whole. */
static void
test_opener_grows(void **state)
{
	struct env_opener *o = env_opener_new();
	struct opener_fix f;
	unsigned char *big, *bs;
	const char *p;
	size_t blen = 100000, bslen, plen;

	(void)state;
	opener_fix(&f);
	assert_int_equal(opener_open(o, &f, f.sk, CASE, "report", f.s, f.slen,
	    &p, &plen), ENV_OK);
	big = sodium_malloc(blen);
	memset(big, 'x', blen);
	assert_int_equal(env_record_seal(f.k, CASE, "report", REC, big, blen, &bs,
	    &bslen), ENV_OK);
	assert_int_equal(opener_open(o, &f, f.sk, CASE, "report", bs, bslen, &p,
	    &plen), ENV_OK);
	assert_int_equal(plen, blen);
	assert_memory_equal(p, big, blen);
	assert_int_equal(p[blen], '\0');
	free(bs);
	sodium_free(big);
	opener_fix_free(&f);
	env_opener_free(o);
}

/* Wrong secret key, moved record, wrong kind, damaged, truncated: all fail. */
static void
test_opener_failures(void **state)
{
	struct env_opener *o = env_opener_new();
	unsigned char pk2[ENV_PKBYTES], *sk2 = sodium_malloc(ENV_SKBYTES);
	struct opener_fix f;
	const char *p = "untouched";
	size_t plen = 99;

	(void)state;
	opener_fix(&f);
	assert_int_equal(env_keypair(pk2, sk2), ENV_OK);
	assert_int_equal(opener_open(o, &f, sk2, CASE, "report", f.s, f.slen, &p,
	    &plen), ENV_EDECRYPT);
	assert_null(p);
	assert_int_equal(plen, 0);
	assert_int_equal(opener_open(o, &f, f.sk, CASE2, "report", f.s, f.slen,
	    &p, &plen), ENV_EDECRYPT);
	assert_int_equal(opener_open(o, &f, f.sk, CASE, "message", f.s, f.slen,
	    &p, &plen), ENV_EDECRYPT);
	f.s[f.slen - 1] ^= 1;
	assert_int_equal(opener_open(o, &f, f.sk, CASE, "report", f.s, f.slen,
	    &p, &plen), ENV_EDECRYPT);
	f.s[f.slen - 1] ^= 1;
	assert_int_equal(opener_open(o, &f, f.sk, CASE, "report", f.s,
	    f.slen - 1, &p, &plen), ENV_EDECRYPT);
	assert_int_equal(env_opener_open(o, f.sealed_key,
	    sizeof(f.sealed_key) - 1, f.pk, f.sk, CASE, "report", REC, f.s,
	    f.slen, &p, &plen), ENV_EDECRYPT);
	/* after every failure the right one still opens */
	assert_int_equal(opener_open(o, &f, f.sk, CASE, "report", f.s, f.slen,
	    &p, &plen), ENV_OK);
	assert_string_equal(p, MSG);
	assert_int_equal(env_opener_open(NULL, f.sealed_key, sizeof(f.sealed_key),
	    f.pk, f.sk, CASE, "report", REC, f.s, f.slen, &p, &plen), ENV_EINVAL);
	sodium_free(sk2);
	opener_fix_free(&f);
	env_opener_free(o);
	env_opener_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_twice),
		cmocka_unit_test(test_keys_random_locked_and_copied),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_round_trip_sizes),
		cmocka_unit_test(test_record_empty_with_null_plain),
		cmocka_unit_test(test_record_padding_hides_length),
		cmocka_unit_test(test_record_nonce_is_fresh),
		cmocka_unit_test(test_record_format_and_subkey),
		cmocka_unit_test(test_record_wrong_key_fails),
		cmocka_unit_test(test_record_swapped_keys_fail),
		cmocka_unit_test(test_record_moved_fails),
		cmocka_unit_test(test_record_tampered_byte_fails),
		cmocka_unit_test(test_record_truncated_fails),
		cmocka_unit_test(test_record_extended_fails),
		cmocka_unit_test(test_record_zero_length_fails),
		cmocka_unit_test(test_record_bad_arguments),
		cmocka_unit_test(test_key_seal_round_trip),
		cmocka_unit_test(test_key_seal_many_recipients),
		cmocka_unit_test(test_key_seal_wrong_or_swapped_keys_fail),
		cmocka_unit_test(test_key_seal_damaged_fails),
		cmocka_unit_test(test_key_seal_bad_arguments),
		cmocka_unit_test(test_opener_round_trip),
		cmocka_unit_test(test_opener_grows),
		cmocka_unit_test(test_opener_failures),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
