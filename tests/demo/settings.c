/* settings.c — a tiny C library that keeps an application's settings.
 *
 * settings_set_name() takes ownership of the name it is given and
 * settings_free() releases it with free(). That is only correct if the name
 * came from malloc.
 */
#include <stdio.h>
#include <stdlib.h>

struct settings {
    char *name;   /* owned: released in settings_free() */
    int volume;
};

struct settings *settings_new(void)
{
    struct settings *s = calloc(1, sizeof *s);
    if (s)
        s->volume = 5;
    return s;
}

/* Takes ownership of `name`. */
void settings_set_name(struct settings *s, char *name)
{
    free(s->name);
    s->name = name;
}

void settings_set_volume(struct settings *s, int volume)
{
    s->volume = volume;
}

void settings_print(const struct settings *s)
{
    printf("settings: name=\"%s\" volume=%d\n", s->name ? s->name : "", s->volume);
    fflush(stdout);
}

void settings_free(struct settings *s)
{
    if (!s)
        return;
    free(s->name);   /* <- the name was allocated by Rust, not by malloc */
    free(s);
}
