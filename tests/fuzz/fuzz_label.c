/* fuzz_label.c — libFuzzer harness for label_parse(). */
#include <stddef.h>
#include <stdint.h>

int label_parse(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  label_parse(data, size);
  return 0;
}
