/* C gives Rust ownership of a pointer into an anonymous mmap'd page:
   invalid-free (never allocated). */
#include <stdio.h>
#include <sys/mman.h>

void rs_release(void *p);

int main(void) {
  char *page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return 99;
  rs_release(page + 64); /* line:call */
  fputs("done\n", stderr);
  return 0;
}
