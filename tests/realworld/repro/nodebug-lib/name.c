/* A C library shipped without debug info (as distro libraries are). */
#include <stdlib.h>
#include <string.h>
char *name_dup(const char *s) { return strdup(s); } /* caller releases with name_free */
void name_free(char *s) { free(s); }
