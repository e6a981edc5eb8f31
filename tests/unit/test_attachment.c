/* Attachments: streamed encryption, and every way a stream must not open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/attachment.h"
#include "crypto/envelope.h"
#include "server/buf.h"

static const char CASE[] = "00112233445566778899aabbccddeeff";
static const char ATT[] = "0123456789abcdef0123456789abcdef";
static const char ATT2[] = "fedcba9876543210fedcba9876543210";
#define CCHUNK (ATT_CHUNK + 17)
#define HDR 24

static int
sink(void *arg, const unsigned char *p, size_t n)
{
	return buf_append(arg, p, n);
}

/* Encrypts size bytes of a pattern, pushed in uneven pieces. */
static unsigned char *
make(const unsigned char *k, size_t size, size_t *slen, unsigned char **plain)
{
	struct att_writer *w = att_writer_new(k, CASE, ATT);
	unsigned char *out;
	uint64_t got;
	size_t i, step;

	assert_non_null(w);
	*plain = malloc(size + 1);
	for (i = 0; i < size; i++)
		(*plain)[i] = (unsigned char)(i * 7 + 3);
	for (i = 0; i < size; i += step) {
		step = (i % 3 == 0) ? 1000 : 70000;
		if (step > size - i)
			step = size - i;
		assert_int_equal(att_writer_push(w, *plain + i, step), 0);
	}
	assert_int_equal(att_writer_finish(w, &out, slen, &got), 0);
	assert_int_equal(got, size);
	att_writer_free(w);
	return out;
}

static void
round_trip(size_t size)
{
	unsigned char *k = env_key_new(), *plain, *s;
	struct buf b = { 0 };
	size_t slen;

	s = make(k, size, &slen, &plain);
	assert_int_equal((slen - HDR) % CCHUNK, 0);
	assert_int_equal(att_decrypt(k, CASE, ATT, s, slen, size, sink, &b), ENV_OK);
	assert_int_equal(b.len, size);
	if (size > 0)
		assert_memory_equal(b.data, plain, size);
	buf_free(&b);
	free(plain);
	free(s);
	env_secret_free(k);
}

static void test_round_trip_empty(void **s) { (void)s; round_trip(0); }
static void test_round_trip_small(void **s) { (void)s; round_trip(5); }
static void test_round_trip_exact_chunk(void **s) { (void)s; round_trip(ATT_CHUNK); }
static void test_round_trip_many_chunks(void **s) { (void)s; round_trip(3 * ATT_CHUNK + 17); }

static void
test_size_is_bucketed(void **state)
{
	unsigned char *k = env_key_new(), *p1, *p2, *s1, *s2;
	size_t l1, l2;

	(void)state;
	s1 = make(k, 10, &l1, &p1);
	s2 = make(k, 60000, &l2, &p2);
	assert_int_equal(l1, l2);	/* one chunk either way */
	free(p1); free(p2); free(s1); free(s2);
	env_secret_free(k);
}

/* Runs decryption that must fail with ENV_EDECRYPT. */
static void
must_fail(const unsigned char *k, const char *att, const unsigned char *s,
    size_t slen, uint64_t size)
{
	struct buf b = { 0 };

	assert_int_equal(att_decrypt(k, CASE, att, s, slen, size, sink, &b),
	    ENV_EDECRYPT);
	buf_free(&b);
}

static void
test_wrong_key_or_id_fails(void **state)
{
	unsigned char *k = env_key_new(), *k2 = env_key_new(), *p, *s;
	size_t slen;

	(void)state;
	s = make(k, 1000, &slen, &p);
	must_fail(k2, ATT, s, slen, 1000);
	must_fail(k, ATT2, s, slen, 1000);
	free(p); free(s);
	env_secret_free(k);
	env_secret_free(k2);
}

static void
test_tampered_fails(void **state)
{
	unsigned char *k = env_key_new(), *p, *s;
	size_t slen;

	(void)state;
	s = make(k, 2 * ATT_CHUNK + 5, &slen, &p);
	s[HDR + CCHUNK + 100] ^= 0x80;
	must_fail(k, ATT, s, slen, 2 * ATT_CHUNK + 5);
	s[HDR + CCHUNK + 100] ^= 0x80;
	s[3] ^= 1;	/* header */
	must_fail(k, ATT, s, slen, 2 * ATT_CHUNK + 5);
	free(p); free(s);
	env_secret_free(k);
}

static void
test_reordered_chunks_fail(void **state)
{
	unsigned char *k = env_key_new(), *p, *s, *tmp = malloc(CCHUNK);
	size_t slen;
	uint64_t size = 2 * ATT_CHUNK + 5;

	(void)state;
	s = make(k, size, &slen, &p);
	memcpy(tmp, s + HDR, CCHUNK);
	memcpy(s + HDR, s + HDR + CCHUNK, CCHUNK);
	memcpy(s + HDR + CCHUNK, tmp, CCHUNK);
	must_fail(k, ATT, s, slen, size);
	free(tmp); free(p); free(s);
	env_secret_free(k);
}

static void
test_truncated_and_dropped_final_fail(void **state)
{
	unsigned char *k = env_key_new(), *p, *s;
	size_t slen;
	uint64_t size = 2 * ATT_CHUNK + 5;

	(void)state;
	s = make(k, size, &slen, &p);
	must_fail(k, ATT, s, slen - 1, size);		/* cut mid-chunk */
	must_fail(k, ATT, s, slen - CCHUNK, 2 * ATT_CHUNK); /* FINAL dropped */
	must_fail(k, ATT, s, HDR, 0);			/* header only */
	must_fail(k, ATT, s, 0, 0);
	free(p); free(s);
	env_secret_free(k);
}

/* A one-chunk stream made by hand, ending with the given tag. */
static unsigned char *
hand_stream(const unsigned char *k, unsigned char tag)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char sub[32], ad[128], *s = malloc(HDR + CCHUNK);
	unsigned char *m = calloc(1, ATT_CHUNK);

	/* the same subkey and associated data the writer uses */
	crypto_kdf_derive_from_key(sub, 32, 2, "mdgattch", k);
	memcpy(ad, "madoguchi/v1\0attachment\0", 24);
	memcpy(ad + 24, CASE, 32);
	ad[56] = '\0';
	memcpy(ad + 57, ATT, 32);
	crypto_secretstream_xchacha20poly1305_init_push(&st, s, sub);
	crypto_secretstream_xchacha20poly1305_push(&st, s + HDR, NULL, m,
	    ATT_CHUNK, ad, 89, tag);
	free(m);
	return s;
}

static void
test_missing_final_tag_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	struct buf b = { 0 };

	(void)state;
	/* the hand-made stream is right in every other way: with FINAL it opens */
	s = hand_stream(k, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	assert_int_equal(att_decrypt(k, CASE, ATT, s, HDR + CCHUNK, 10, sink, &b),
	    ENV_OK);
	free(s);
	s = hand_stream(k, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
	must_fail(k, ATT, s, HDR + CCHUNK, 10);
	buf_free(&b);
	free(s);
	env_secret_free(k);
}

static void
test_data_after_final_fails(void **state)
{
	unsigned char *k = env_key_new(), *p, *s, *longer;
	size_t slen;

	(void)state;
	s = make(k, 10, &slen, &p);
	longer = malloc(slen + CCHUNK);
	memcpy(longer, s, slen);
	memcpy(longer + slen, s + HDR, CCHUNK);	/* a copy of the FINAL chunk */
	must_fail(k, ATT, longer, slen + CCHUNK, 10);
	free(longer); free(p); free(s);
	env_secret_free(k);
}

static void
test_wrong_size_fails(void **state)
{
	unsigned char *k = env_key_new(), *p, *s;
	size_t slen;

	(void)state;
	s = make(k, 2 * ATT_CHUNK + 5, &slen, &p);
	must_fail(k, ATT, s, slen, 3 * ATT_CHUNK + 1);	/* more than it holds */
	must_fail(k, ATT, s, slen, ATT_CHUNK);		/* fewer chunks' worth */
	free(p); free(s);
	env_secret_free(k);
}

static void
test_upload_limit(void **state)
{
	unsigned char *k = env_key_new(), *big = calloc(1, 1024 * 1024);
	struct att_writer *w = att_writer_new(k, CASE, ATT);
	size_t i;

	(void)state;
	for (i = 0; i < ATT_MAX_PLAIN / (1024 * 1024); i++)
		assert_int_equal(att_writer_push(w, big, 1024 * 1024), 0);
	assert_int_equal(att_writer_push(w, big, 1), -1);
	assert_null(att_writer_new(k, "bad", ATT));
	att_writer_free(w);
	free(big);
	env_secret_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_empty),
		cmocka_unit_test(test_round_trip_small),
		cmocka_unit_test(test_round_trip_exact_chunk),
		cmocka_unit_test(test_round_trip_many_chunks),
		cmocka_unit_test(test_size_is_bucketed),
		cmocka_unit_test(test_wrong_key_or_id_fails),
		cmocka_unit_test(test_tampered_fails),
		cmocka_unit_test(test_reordered_chunks_fail),
		cmocka_unit_test(test_truncated_and_dropped_final_fail),
		cmocka_unit_test(test_missing_final_tag_fails),
		cmocka_unit_test(test_data_after_final_fails),
		cmocka_unit_test(test_wrong_size_fails),
		cmocka_unit_test(test_upload_limit),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
