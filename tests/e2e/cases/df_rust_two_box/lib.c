/* A C "registry" that hands back a stashed pointer -- and forgets to clear
   it, so the caller can take ownership of it twice. */
static void *stash;

__attribute__((noipa)) void c_stash(void *p) { stash = p; }

__attribute__((noipa)) void *c_take(void) { return stash; }
