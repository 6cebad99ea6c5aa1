// The program closes fd 2 and its next open() gets that number for a data
// file. The report must reach the original stderr, and the data file must
// hold only the program's own data.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  close(2);
  int fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dprintf(fd, "program data on fd %d\n", fd);
  char *p = malloc(8);
  free(p);
  free(p); // line:again
  return 0;
}
