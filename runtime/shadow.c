/* shadow.c — shadow memory mapping and poisoning (see shadow.h). Layout of
 * ASan on x86-64: low shadow for [0, 0x7fff8000), a PROT_NONE gap, high
 * shadow for [0x10007fff8000, 2^47). Both reserved MAP_NORESERVE: pages
 * appear when first poisoned. */
#include "shadow.h"

#include <sys/mman.h>

#define LOW_SHADOW_BEG 0x00007fff8000ULL
#define LOW_SHADOW_END 0x00008fff7000ULL  /* shadow of [0, 0x7fff8000) */
#define SHADOW_GAP_END 0x02008fff7000ULL
#define HIGH_SHADOW_END 0x10007fff8000ULL

bool ffs_shadow_on;

static bool map_fixed(uintptr_t beg, uintptr_t end, int prot) {
  void *p = mmap((void *)beg, end - beg, prot,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != (void *)beg) return false;
  ffs_register_map(p, end - beg, true); /* the leak scan must not read it as roots */
  return true;
}

bool ffs_shadow_init(void) {
  if (ffs_shadow_on) return true;
  if (!map_fixed(LOW_SHADOW_BEG, LOW_SHADOW_END, PROT_READ | PROT_WRITE) ||
      !map_fixed(LOW_SHADOW_END, SHADOW_GAP_END, PROT_NONE) ||
      !map_fixed(SHADOW_GAP_END, HIGH_SHADOW_END, PROT_READ | PROT_WRITE)) {
    ffs_warn("ERROR: cannot map shadow memory (address range in use); instrumented "
             "checks are off for this process");
    return false;
  }
  __atomic_store_n(&ffs_shadow_on, true, __ATOMIC_RELEASE);
  return true;
}

void ffs_shadow_poison(uintptr_t addr, size_t size, uint8_t value) {
  if (!ffs_shadow_on || !size) return;
  uintptr_t beg = addr >> FFISAN_SHADOW_SCALE, end = (addr + size + 7) >> FFISAN_SHADOW_SCALE;
  ffs_memset((void *)(beg + FFISAN_SHADOW_OFFSET), value, end - beg);
}

void ffs_shadow_unpoison(uintptr_t addr, size_t size) {
  if (!ffs_shadow_on) return;
  size_t whole = size >> FFISAN_SHADOW_SCALE;
  ffs_memset(ffs_shadow_of(addr), 0, whole);
  if (size & 7) *ffs_shadow_of(addr + (whole << FFISAN_SHADOW_SCALE)) = (int8_t)(size & 7);
}

void ffs_shadow_clear(uintptr_t addr, size_t size) {
  if (!ffs_shadow_on || !size) return;
  uintptr_t beg = (uintptr_t)ffs_shadow_of(addr), end = (uintptr_t)ffs_shadow_of(addr + size + 7);
  uintptr_t page = ffs_page_size();
  uintptr_t pbeg = (beg + page - 1) & ~(page - 1), pend = end & ~(page - 1);
  if (pbeg >= pend) {
    ffs_memset((void *)beg, 0, end - beg);
    return;
  }
  ffs_memset((void *)beg, 0, pbeg - beg);
  madvise((void *)pbeg, pend - pbeg, MADV_DONTNEED); /* zero pages, give memory back */
  ffs_memset((void *)pend, 0, end - pend);
}

uintptr_t ffs_shadow_first_bad(uintptr_t addr, size_t size) {
  if (!ffs_shadow_on) return 0;
  for (uintptr_t a = addr; a < addr + size; a++) {
    int8_t s = *ffs_shadow_of(a);
    if (s && (s < 0 || (int8_t)(a & 7) >= s)) return a;
    if (!s) a |= 7; /* whole granule fine: skip to its end */
  }
  return 0;
}
