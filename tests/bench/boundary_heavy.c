/* boundary_heavy.c — the C half of the boundary-heavy benchmark, built into a
 * static library and called by boundary_heavy.rs in a hot loop.
 *
 * Every function is a clean, correct use of the Rust/C boundary:
 *   - bh_make_label returns a malloc'd string; Rust reads it and hands it back
 *     to bh_free_label (C frees what C allocated);
 *   - bh_checksum / bh_strlen_sum borrow Rust buffers read-only
 *     (const pointer + length, NUL-terminated string) and copy them with
 *     memcpy / measure them with strlen;
 *   - bh_fill writes into an exclusive Rust buffer (pointer + capacity);
 *   - bh_for_each calls back into Rust for each element.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A malloc'd, NUL-terminated label of 8..(8+extra) bytes. Caller releases it
 * with bh_free_label. */
char *bh_make_label(uint32_t id, uint32_t extra)
{
    size_t len = 8 + (extra % 120);
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    int n = snprintf(s, len + 1, "label-%u-", id);
    if (n < 0)
        n = 0;
    for (size_t i = (size_t)n; i < len; i++)
        s[i] = (char)('a' + (id + i) % 26);
    s[len] = '\0';
    return s;
}

void bh_free_label(char *s)
{
    free(s);
}

/* Borrow (data, len) read-only: copy it into a scratch buffer with memcpy and
 * checksum the copy. */
uint64_t bh_checksum(const uint8_t *data, size_t len)
{
    uint8_t scratch[256];
    uint64_t h = 1469598103934665603ull;
    while (len > 0) {
        size_t n = len < sizeof scratch ? len : sizeof scratch;
        memcpy(scratch, data, n);
        for (size_t i = 0; i < n; i++)
            h = (h ^ scratch[i]) * 1099511628211ull;
        data += n;
        len -= n;
    }
    return h;
}

/* Borrow an array of NUL-terminated strings read-only; sum their strlen and
 * duplicate the longest one into a heap copy that C owns and frees. */
size_t bh_strlen_sum(const char *const *strs, size_t count)
{
    size_t total = 0, best = 0;
    const char *longest = NULL;
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(strs[i]);
        total += n;
        if (n >= best) {
            best = n;
            longest = strs[i];
        }
    }
    if (longest) {
        char *copy = malloc(best + 1);
        if (copy) {
            memcpy(copy, longest, best + 1);
            total += (unsigned char)copy[best / 2];
            free(copy);
        }
    }
    return total;
}

/* Write up to cap bytes into the caller's exclusive buffer; returns the number
 * of bytes written. */
size_t bh_fill(uint8_t *out, size_t cap, uint8_t seed)
{
    static const char pattern[] = "the quick brown fox jumps over the lazy dog ";
    size_t done = 0;
    while (done < cap) {
        size_t n = sizeof pattern - 1;
        if (n > cap - done)
            n = cap - done;
        memcpy(out + done, pattern, n);
        done += n;
    }
    if (cap > 0)
        out[0] = seed;
    return done;
}

/* Call back into Rust once per element. */
typedef void (*bh_visit_fn)(void *ctx, uint32_t value);

void bh_for_each(const uint32_t *items, size_t count, bh_visit_fn visit, void *ctx)
{
    for (size_t i = 0; i < count; i++)
        visit(ctx, items[i]);
}
