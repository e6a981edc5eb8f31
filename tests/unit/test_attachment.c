/*
 * Attachments: a secretstream per file, chunked and padded. Round trips at
 * every chunk boundary, and every way a stream may be cut, reordered,
 * extended, moved or mislabelled must fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/attachment.h"
#include "crypto/envelope.h"

static const char CASE[] = "00112233445566778899aabbccddeeff";
static const char CASE2[] = "ffeeddccbbaa99887766554433221100";
static const char ATT[] = "0123456789abcdef0123456789abcdef";
static const char ATT2[] = "fedcba9876543210fedcba9876543210";

#define HDR	crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define CCHUNK	(ATT_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)
#define TAG_MESSAGE	crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define TAG_FINAL	crypto_secretstream_xchacha20poly1305_TAG_FINAL

/* What the sink received, in guarded memory. */
struct got {
	unsigned char	*p;
	size_t		 len, cap;
	int		 calls;
	int		 refuse_at;	/* 1-based call to refuse; 0 never */
};

static int
sink(void *arg, const unsigned char *p, size_t n)
{
	struct got *g = arg;

	g->calls++;
	if (g->refuse_at == g->calls)
		return -1;
	assert_true(n > 0);
	assert_true(g->len + n <= g->cap);
	memcpy(g->p + g->len, p, n);
	g->len += n;
	return 0;
}

static void
got_init(struct got *g, size_t cap)
{
	memset(g, 0, sizeof(*g));
	g->cap = cap;
	g->p = sodium_malloc(cap > 0 ? cap : 1);
	assert_non_null(g->p);
}

static unsigned char *
pattern(size_t size)
{
	unsigned char *p = sodium_malloc(size > 0 ? size : 1);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < size; i++)	/* never zero: padding stays visible */
		p[i] = (unsigned char)(1 + (i * 7 + i / 251) % 255);
	return p;
}

/* Encrypts plain, pushed in pieces of step bytes (0: uneven pieces). */
static unsigned char *
encrypt_with(const unsigned char *k, const char *case_id, const char *att,
    const unsigned char *plain, size_t size, size_t step, size_t *slen)
{
	struct att_writer *w = att_writer_new(k, case_id, att);
	unsigned char *out;
	uint64_t total;
	size_t i, n;

	assert_non_null(w);
	for (i = 0; i < size; i += n) {
		n = step > 0 ? step : (i % 3 == 0 ? 1000 : 70000);
		if (n > size - i)
			n = size - i;
		assert_int_equal(att_writer_push(w, plain + i, n), 0);
		assert_int_equal(att_writer_size(w), i + n);
	}
	assert_int_equal(att_writer_finish(w, &out, slen, &total), 0);
	assert_int_equal(total, size);
	att_writer_free(w);
	return out;
}

static unsigned char *
encrypt(const unsigned char *k, size_t size, size_t *slen)
{
	unsigned char *plain = pattern(size), *s;

	s = encrypt_with(k, CASE, ATT, plain, size, 0, slen);
	sodium_free(plain);
	return s;
}

/* Decrypts into a scratch sink and checks the outcome. */
static void
expect_decrypt(const unsigned char *k, const char *case_id, const char *att,
    const unsigned char *s, size_t slen, uint64_t size, int want)
{
	struct got g;

	got_init(&g, 8 * ATT_CHUNK);
	assert_int_equal(att_decrypt(k, case_id, att, s, slen, size, sink, &g),
	    want);
	sodium_free(g.p);
}

static void
round_trip(size_t size, size_t step)
{
	unsigned char *k = env_key_new(), *plain = pattern(size), *s;
	size_t slen, nchunks;
	struct got g;

	/* an empty file is one chunk of padding */
	nchunks = size == 0 ? 1 : (size + ATT_CHUNK - 1) / ATT_CHUNK;

	s = encrypt_with(k, CASE, ATT, plain, size, step, &slen);
	assert_int_equal(slen, HDR + nchunks * CCHUNK);
	got_init(&g, size);
	assert_int_equal(att_decrypt(k, CASE, ATT, s, slen, size, sink, &g),
	    ENV_OK);
	assert_int_equal(g.len, size);
	if (size > 0)
		assert_memory_equal(g.p, plain, size);
	sodium_free(g.p);
	sodium_free(plain);
	free(s);
	env_secret_free(k);
}

/* A round trip of size bytes, pushed step bytes at a time (0: uneven). */
#define ROUND_TRIP(name, size, step) \
	static void name(void **state) { (void)state; round_trip(size, step); }

ROUND_TRIP(test_round_trip_empty, 0, 0)
ROUND_TRIP(test_round_trip_one_byte, 1, 0)
ROUND_TRIP(test_round_trip_byte_by_byte, 3000, 1)
ROUND_TRIP(test_round_trip_chunk_less_one, ATT_CHUNK - 1, 0)
ROUND_TRIP(test_round_trip_exact_chunk, ATT_CHUNK, 0)
ROUND_TRIP(test_round_trip_exact_chunk_whole, ATT_CHUNK, ATT_CHUNK)
ROUND_TRIP(test_round_trip_chunk_plus_one, ATT_CHUNK + 1, 0)
ROUND_TRIP(test_round_trip_many_chunks, 3 * ATT_CHUNK + 17, 0)
ROUND_TRIP(test_round_trip_largest, ATT_MAX_PLAIN, 1024 * 1024)

/* The stored size says only how many chunks: 10 bytes look like 60,000. */
static void
test_size_is_bucketed(void **state)
{
	unsigned char *k = env_key_new(), *a, *b;
	size_t alen, blen;

	(void)state;
	a = encrypt(k, 10, &alen);
	b = encrypt(k, 60000, &blen);
	assert_int_equal(alen, blen);
	assert_int_equal(alen, HDR + CCHUNK);
	free(a);
	free(b);
	env_secret_free(k);
}

static void
test_upload_limit(void **state)
{
	unsigned char *k = env_key_new(), *mb = calloc(1, 1024 * 1024), *s;
	struct att_writer *w = att_writer_new(k, CASE, ATT);
	uint64_t total;
	size_t i, slen;

	(void)state;
	for (i = 0; i < ATT_MAX_PLAIN / (1024 * 1024); i++)
		assert_int_equal(att_writer_push(w, mb, 1024 * 1024), 0);
	assert_int_equal(att_writer_push(w, mb, 1), -1);	/* 1 byte over */
	assert_int_equal(att_writer_push(w, mb, SIZE_MAX), -1);
	assert_int_equal(att_writer_size(w), ATT_MAX_PLAIN);
	/* the refused push left the writer usable */
	assert_int_equal(att_writer_finish(w, &s, &slen, &total), 0);
	assert_int_equal(total, ATT_MAX_PLAIN);
	free(s);
	att_writer_free(w);
	free(mb);
	env_secret_free(k);
}

static void
test_writer_closed_after_finish(void **state)
{
	unsigned char *k = env_key_new(), *s, *s2, b = 'x';
	struct att_writer *w = att_writer_new(k, CASE, ATT);
	uint64_t total;
	size_t slen, slen2;

	(void)state;
	assert_int_equal(att_writer_push(w, &b, 1), 0);
	assert_int_equal(att_writer_finish(w, &s, &slen, &total), 0);
	assert_int_equal(att_writer_push(w, &b, 1), -1);
	assert_int_equal(att_writer_finish(w, &s2, &slen2, &total), -1);
	att_writer_free(w);
	free(s);
	env_secret_free(k);
}

static void
test_writer_bad_arguments(void **state)
{
	unsigned char *k = env_key_new(), *s;
	struct att_writer *w;
	uint64_t total;
	size_t slen;

	(void)state;
	assert_null(att_writer_new(NULL, CASE, ATT));
	assert_null(att_writer_new(k, "bad", ATT));
	assert_null(att_writer_new(k, CASE, NULL));
	assert_null(att_writer_new(k, CASE,
	    "0123456789ABCDEF0123456789abcdef"));
	w = att_writer_new(k, CASE, ATT);
	assert_int_equal(att_writer_push(w, NULL, 1), -1);
	assert_int_equal(att_writer_push(w, NULL, 0), 0);
	assert_int_equal(att_writer_push(NULL, k, 1), -1);
	assert_int_equal(att_writer_finish(NULL, &s, &slen, &total), -1);
	assert_int_equal(att_writer_size(NULL), 0);
	att_writer_free(w);
	att_writer_free(NULL);
	env_secret_free(k);
}

/*
 * The format, from the outside: the stream's key is the subkey (id 2,
 * context "mdgattch") of K, never K itself, and the chunks' associated
 * data is "madoguchi/v1" 0 "attachment" 0 case_id 0 att_id.
 */
static const unsigned char AD[] = "madoguchi/v1\0attachment\0"
    "00112233445566778899aabbccddeeff\0"
    "0123456789abcdef0123456789abcdef";

static int
raw_first_chunk_opens(const unsigned char *key, const unsigned char *s)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *m = sodium_malloc(ATT_CHUNK), tag;
	int rc;

	rc = crypto_secretstream_xchacha20poly1305_init_pull(&st, s,
	    key) == 0 &&
	    crypto_secretstream_xchacha20poly1305_pull(&st, m, NULL, &tag,
	    s + HDR, CCHUNK, AD, sizeof(AD) - 1) == 0;
	sodium_free(m);
	return rc;
}

static void
test_stream_format_and_subkey(void **state)
{
	unsigned char *k = env_key_new(), *s, sub[32];
	size_t slen;

	(void)state;
	s = encrypt(k, 100, &slen);
	assert_false(raw_first_chunk_opens(k, s));
	crypto_kdf_derive_from_key(sub, sizeof(sub), 1, "mdgrecrd", k);
	assert_false(raw_first_chunk_opens(sub, s));	/* the records' key */
	crypto_kdf_derive_from_key(sub, sizeof(sub), 2, "mdgattch", k);
	assert_true(raw_first_chunk_opens(sub, s));
	sodium_memzero(sub, sizeof(sub));
	free(s);
	env_secret_free(k);
}

/*
 * A stream built by hand with raw secretstream calls: n chunks of zeros
 * whose tags are given, under the right subkey and associated data, so
 * that the tags are the only thing wrong with it.
 */
static unsigned char *
hand_stream(const unsigned char *k, const unsigned char *tags, size_t n,
    size_t *slen)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char sub[32], *s = malloc(HDR + n * CCHUNK);
	unsigned char *m = sodium_malloc(ATT_CHUNK);
	size_t i;

	memset(m, 0, ATT_CHUNK);
	crypto_kdf_derive_from_key(sub, sizeof(sub), 2, "mdgattch", k);
	crypto_secretstream_xchacha20poly1305_init_push(&st, s, sub);
	for (i = 0; i < n; i++)
		crypto_secretstream_xchacha20poly1305_push(&st,
		    s + HDR + i * CCHUNK, NULL, m, ATT_CHUNK, AD,
		    sizeof(AD) - 1, tags[i]);
	sodium_memzero(sub, sizeof(sub));
	sodium_free(m);
	*slen = HDR + n * CCHUNK;
	return s;
}

static void
test_hand_stream_with_final_opens(void **state)
{
	static const unsigned char tags[] = { TAG_MESSAGE, TAG_FINAL };
	unsigned char *k = env_key_new(), *s;
	size_t slen;
	struct got g;

	(void)state;
	/* the control for the two tests below: right tags, it opens */
	s = hand_stream(k, tags, 2, &slen);
	got_init(&g, 2 * ATT_CHUNK);
	assert_int_equal(att_decrypt(k, CASE, ATT, s, slen, ATT_CHUNK + 10,
	    sink, &g), ENV_OK);
	assert_int_equal(g.len, ATT_CHUNK + 10);
	sodium_free(g.p);
	free(s);
	env_secret_free(k);
}

static void
test_missing_final_tag_fails(void **state)
{
	static const unsigned char one[] = { TAG_MESSAGE };
	static const unsigned char two[] = { TAG_MESSAGE, TAG_MESSAGE };
	unsigned char *k = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = hand_stream(k, one, 1, &slen);
	expect_decrypt(k, CASE, ATT, s, slen, 10, ENV_EDECRYPT);
	free(s);
	s = hand_stream(k, two, 2, &slen);
	expect_decrypt(k, CASE, ATT, s, slen, ATT_CHUNK + 10, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

/* libsodium lets a stream go on after FINAL; we must not. */
static void
test_chunk_after_final_tag_fails(void **state)
{
	static const unsigned char tags[] = { TAG_FINAL, TAG_FINAL };
	static const unsigned char other[] = {
	    crypto_secretstream_xchacha20poly1305_TAG_PUSH, TAG_FINAL };
	unsigned char *k = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = hand_stream(k, tags, 2, &slen);
	expect_decrypt(k, CASE, ATT, s, slen, ATT_CHUNK + 10, ENV_EDECRYPT);
	free(s);
	s = hand_stream(k, other, 2, &slen);	/* a tag we never write */
	expect_decrypt(k, CASE, ATT, s, slen, ATT_CHUNK + 10, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
test_wrong_key_fails(void **state)
{
	unsigned char *k = env_key_new(), *k2 = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = encrypt(k, 1000, &slen);
	expect_decrypt(k2, CASE, ATT, s, slen, 1000, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
	env_secret_free(k2);
}

/* Two files (two cases) with their keys swapped: neither opens. */
static void
test_swapped_keys_fail(void **state)
{
	unsigned char *k = env_key_new(), *k2 = env_key_new(), *a, *b;
	unsigned char *plain = pattern(500);
	size_t alen, blen;

	(void)state;
	a = encrypt_with(k, CASE, ATT, plain, 500, 0, &alen);
	b = encrypt_with(k2, CASE2, ATT2, plain, 500, 0, &blen);
	expect_decrypt(k2, CASE, ATT, a, alen, 500, ENV_EDECRYPT);
	expect_decrypt(k, CASE2, ATT2, b, blen, 500, ENV_EDECRYPT);
	sodium_free(plain);
	free(a);
	free(b);
	env_secret_free(k);
	env_secret_free(k2);
}

/* Associated data: a stream moved to another case or attachment row. */
static void
test_moved_stream_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = encrypt(k, 1000, &slen);
	expect_decrypt(k, CASE2, ATT, s, slen, 1000, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT2, s, slen, 1000, ENV_EDECRYPT);
	/* case and attachment ids swapped */
	expect_decrypt(k, ATT, CASE, s, slen, 1000, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
test_tampered_byte_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen, i;
	uint64_t size = 2 * ATT_CHUNK + 5;

	(void)state;
	s = encrypt(k, size, &slen);
	for (i = 0; i < slen; i += i < HDR + 40 ? 1 : 4099) {
		s[i] ^= 0x01;
		expect_decrypt(k, CASE, ATT, s, slen, size, ENV_EDECRYPT);
		s[i] ^= 0x01;
	}
	s[slen - 1] ^= 0x80;	/* the last tag byte */
	expect_decrypt(k, CASE, ATT, s, slen, size, ENV_EDECRYPT);
	s[slen - 1] ^= 0x80;
	expect_decrypt(k, CASE, ATT, s, slen, size, ENV_OK);	/* intact */
	free(s);
	env_secret_free(k);
}

static void
swap_chunks(unsigned char *s, size_t a, size_t b)
{
	unsigned char *tmp = malloc(CCHUNK);

	memcpy(tmp, s + HDR + a * CCHUNK, CCHUNK);
	memcpy(s + HDR + a * CCHUNK, s + HDR + b * CCHUNK, CCHUNK);
	memcpy(s + HDR + b * CCHUNK, tmp, CCHUNK);
	free(tmp);
}

static void
test_reordered_chunks_fail(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;
	uint64_t size = 3 * ATT_CHUNK + 5;

	(void)state;
	s = encrypt(k, size, &slen);
	swap_chunks(s, 0, 1);
	expect_decrypt(k, CASE, ATT, s, slen, size, ENV_EDECRYPT);
	swap_chunks(s, 0, 1);
	swap_chunks(s, 2, 3);	/* the FINAL chunk moved forward */
	expect_decrypt(k, CASE, ATT, s, slen, size, ENV_EDECRYPT);
	swap_chunks(s, 2, 3);
	expect_decrypt(k, CASE, ATT, s, slen, size, ENV_OK);
	free(s);
	env_secret_free(k);
}

/* A chunk from another stream under the same key, same place: refused. */
static void
test_spliced_chunk_fails(void **state)
{
	unsigned char *k = env_key_new(), *a, *b;
	size_t alen, blen;
	uint64_t size = 2 * ATT_CHUNK + 5;

	(void)state;
	a = encrypt(k, size, &alen);
	b = encrypt(k, size, &blen);
	memcpy(a + HDR + CCHUNK, b + HDR + CCHUNK, CCHUNK);
	expect_decrypt(k, CASE, ATT, a, alen, size, ENV_EDECRYPT);
	free(a);
	free(b);
	env_secret_free(k);
}

static void
test_dropped_final_chunk_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;
	uint64_t size = 2 * ATT_CHUNK + 5;

	(void)state;
	s = encrypt(k, size, &slen);
	/* the size the shorter stream would hold, so only the tag tells */
	expect_decrypt(k, CASE, ATT, s, slen - CCHUNK, 2 * ATT_CHUNK,
	    ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen - CCHUNK, size, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
test_truncated_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;
	uint64_t size = 2 * ATT_CHUNK + 5;

	(void)state;
	s = encrypt(k, size, &slen);
	expect_decrypt(k, CASE, ATT, s, slen - 1, size, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen - 17, size, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, HDR + CCHUNK / 2, size, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, HDR, 0, ENV_EDECRYPT);	/* header */
	expect_decrypt(k, CASE, ATT, s, HDR - 1, 0, ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
test_zero_length_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;

	(void)state;
	s = encrypt(k, 0, &slen);
	expect_decrypt(k, CASE, ATT, s, 0, 0, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, NULL, 0, 0, ENV_EDECRYPT);
	/* while the real empty file, one chunk of padding, opens */
	expect_decrypt(k, CASE, ATT, s, slen, 0, ENV_OK);
	free(s);
	env_secret_free(k);
}

static void
test_data_after_final_fails(void **state)
{
	unsigned char *k = env_key_new(), *s, *longer;
	size_t slen;

	(void)state;
	s = encrypt(k, 10, &slen);
	longer = calloc(1, slen + CCHUNK);
	memcpy(longer, s, slen);
	expect_decrypt(k, CASE, ATT, longer, slen + 1, 10, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, longer, slen + CCHUNK, 10, ENV_EDECRYPT);
	memcpy(longer + slen, s + HDR, CCHUNK);	/* the FINAL chunk again */
	expect_decrypt(k, CASE, ATT, longer, slen + CCHUNK, 10, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, longer, slen + CCHUNK, ATT_CHUNK + 10,
	    ENV_EDECRYPT);
	free(longer);
	free(s);
	env_secret_free(k);
}

static void
test_wrong_plain_size_fails(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;
	uint64_t size = 2 * ATT_CHUNK + 5;

	(void)state;
	s = encrypt(k, size, &slen);
	expect_decrypt(k, CASE, ATT, s, slen, 3 * ATT_CHUNK + 1, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen, 2 * ATT_CHUNK, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen, ATT_CHUNK, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen, 0, ENV_EDECRYPT);
	/* too small within the last chunk: real bytes where zeros must be */
	expect_decrypt(k, CASE, ATT, s, slen, size - 1, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen, UINT64_MAX, ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen, (uint64_t)ATT_MAX_PLAIN + 1,
	    ENV_EDECRYPT);
	expect_decrypt(k, CASE, ATT, s, slen, size, ENV_OK);
	free(s);
	env_secret_free(k);
}

/* A sink that says stop stops decryption, and is not called again. */
static void
test_sink_refusal_aborts(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;
	uint64_t size = 3 * ATT_CHUNK;
	struct got g;

	(void)state;
	s = encrypt(k, size, &slen);
	got_init(&g, size);
	g.refuse_at = 2;
	assert_int_equal(att_decrypt(k, CASE, ATT, s, slen, size, sink, &g),
	    ENV_EINVAL);
	assert_int_equal(g.calls, 2);
	assert_int_equal(g.len, ATT_CHUNK);
	sodium_free(g.p);
	free(s);
	env_secret_free(k);
}

static void
test_decrypt_bad_arguments(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;
	struct got g;

	(void)state;
	s = encrypt(k, 10, &slen);
	got_init(&g, 10);
	assert_int_equal(att_decrypt(k, CASE, ATT, s, slen, 10, NULL, &g),
	    ENV_EINVAL);
	assert_int_equal(att_decrypt(NULL, CASE, ATT, s, slen, 10, sink, &g),
	    ENV_EINVAL);
	assert_int_equal(att_decrypt(k, "bad", ATT, s, slen, 10, sink, &g),
	    ENV_EINVAL);
	assert_int_equal(att_decrypt(k, CASE, NULL, s, slen, 10, sink, &g),
	    ENV_EINVAL);
	assert_int_equal(g.calls, 0);
	sodium_free(g.p);
	free(s);
	env_secret_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_empty),
		cmocka_unit_test(test_round_trip_one_byte),
		cmocka_unit_test(test_round_trip_byte_by_byte),
		cmocka_unit_test(test_round_trip_chunk_less_one),
		cmocka_unit_test(test_round_trip_exact_chunk),
		cmocka_unit_test(test_round_trip_exact_chunk_whole),
		cmocka_unit_test(test_round_trip_chunk_plus_one),
		cmocka_unit_test(test_round_trip_many_chunks),
		cmocka_unit_test(test_round_trip_largest),
		cmocka_unit_test(test_size_is_bucketed),
		cmocka_unit_test(test_upload_limit),
		cmocka_unit_test(test_writer_closed_after_finish),
		cmocka_unit_test(test_writer_bad_arguments),
		cmocka_unit_test(test_stream_format_and_subkey),
		cmocka_unit_test(test_hand_stream_with_final_opens),
		cmocka_unit_test(test_missing_final_tag_fails),
		cmocka_unit_test(test_chunk_after_final_tag_fails),
		cmocka_unit_test(test_wrong_key_fails),
		cmocka_unit_test(test_swapped_keys_fail),
		cmocka_unit_test(test_moved_stream_fails),
		cmocka_unit_test(test_tampered_byte_fails),
		cmocka_unit_test(test_reordered_chunks_fail),
		cmocka_unit_test(test_spliced_chunk_fails),
		cmocka_unit_test(test_dropped_final_chunk_fails),
		cmocka_unit_test(test_truncated_fails),
		cmocka_unit_test(test_zero_length_fails),
		cmocka_unit_test(test_data_after_final_fails),
		cmocka_unit_test(test_wrong_plain_size_fails),
		cmocka_unit_test(test_sink_refusal_aborts),
		cmocka_unit_test(test_decrypt_bad_arguments),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
