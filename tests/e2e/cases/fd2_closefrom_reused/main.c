// A daemon-style program closes every fd above 2 and opens many files: one
// of them gets the number of the runtime's private stderr. Reports must not
// land in that file.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  for (int fd = 3; fd < 1024; fd++) close(fd);
  for (int i = 0; i < 200; i++)
    if (open("data.txt", O_WRONLY | O_CREAT | O_APPEND, 0644) < 0) return 3;
  int fd = open("data.txt", O_WRONLY | O_APPEND);
  dprintf(fd, "data\n");
  char *p = malloc(8);
  free(p);
  free(p); // line:again
  return 0;
}
