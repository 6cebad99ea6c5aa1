/* ffidemo.c — the C half of the ffidemo test crate (compiled by build.rs). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Returns a malloc'd greeting; release it with fd_string_free. */
char *fd_greet(const char *name)
{
    size_t n = strlen(name);
    char *s = malloc(n + sizeof "hello, !");
    if (!s)
        return NULL;
    memcpy(s, "hello, ", 7);
    memcpy(s + 7, name, n);
    memcpy(s + 7 + n, "!", 2);
    return s;
}

void fd_string_free(char *s)
{
    free(s);
}

/* Borrows (values, count) read-only. */
uint64_t fd_sum(const uint32_t *values, size_t count)
{
    uint64_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += values[i];
    return total;
}

/* Fills the caller's buffer (exclusive borrow) with "<prefix><i>" and a NUL;
 * returns the string length (snprintf semantics). */
int fd_format(char *out, size_t cap, const char *prefix, int i)
{
    return snprintf(out, cap, "%s%d", prefix, i);
}

/* Calls back into Rust for each value; stops early when the callback returns
 * non-zero and returns the number of calls made. */
typedef int (*fd_visit_fn)(void *ctx, uint32_t value);

size_t fd_visit(const uint32_t *values, size_t count, fd_visit_fn visit, void *ctx)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (visit(ctx, values[i]))
            return i + 1;
    return count;
}

/* A C-owned object holding a C copy of a Rust string. */
struct fd_tag {
    char *text;
    size_t uses;
};

struct fd_tag *fd_tag_new(const char *text)
{
    struct fd_tag *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->text = strdup(text); /* copy: C owns its own allocation */
    t->uses = 0;
    return t;
}

const char *fd_tag_text(struct fd_tag *t)
{
    t->uses++;
    return t->text;
}

void fd_tag_free(struct fd_tag *t)
{
    if (!t)
        return;
    free(t->text);
    free(t);
}

/* Takes ownership of `name` and releases it with free(). Only correct for
 * memory from malloc — the planted test hands it a Rust CString instead. */
size_t fd_consume_name(char *name)
{
    size_t n = strlen(name);
    free(name);
    return n;
}
