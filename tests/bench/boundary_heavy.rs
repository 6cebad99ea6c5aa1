// boundary_heavy — Rust calling a C static library (boundary_heavy.c) in a hot
// loop. Every crossing is clean:
//   - C returns malloc'd labels; Rust reads them and frees them via C;
//   - Rust lends buffers (*const u8, len) and C strings that C reads with
//     memcpy / strlen;
//   - Rust lends an exclusive buffer (*mut u8, cap) that C fills;
//   - C calls back into Rust (extern "C" fn) for every element of a slice.
//
// usage: boundary_heavy [ITERATIONS]        (default 600000)
// output: "crossings: N" (Rust->C calls + C->Rust callbacks) and
//         "checksum: C" (identical native/under ffisan)

use std::ffi::{c_char, c_void, CStr, CString};
use std::hint::black_box;

type VisitFn = extern "C" fn(ctx: *mut c_void, value: u32);

extern "C" {
    fn bh_make_label(id: u32, extra: u32) -> *mut c_char;
    fn bh_free_label(s: *mut c_char);
    fn bh_checksum(data: *const u8, len: usize) -> u64;
    fn bh_strlen_sum(strs: *const *const c_char, count: usize) -> usize;
    fn bh_fill(out: *mut u8, cap: usize, seed: u8) -> usize;
    fn bh_for_each(items: *const u32, count: usize, visit: VisitFn, ctx: *mut c_void);
}

struct Visitor {
    sum: u64,
    calls: u64,
}

extern "C" fn visit(ctx: *mut c_void, value: u32) {
    // SAFETY: ctx is the &mut Visitor passed to bh_for_each for this call.
    let v = unsafe { &mut *(ctx as *mut Visitor) };
    v.sum = v.sum.wrapping_mul(31).wrapping_add(value as u64);
    v.calls += 1;
}

fn main() {
    let iters: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(600_000);

    let mut crossings: u64 = 0;
    let mut checksum: u64 = 0;
    let mut visitor = Visitor { sum: 0, calls: 0 };

    // Long-lived Rust data lent to C over and over.
    let blob: Vec<u8> = (0..4096u32).map(|x| (x * 7 % 251) as u8).collect();
    let words: Vec<CString> = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
        .iter()
        .map(|w| CString::new(*w).unwrap())
        .collect();
    let word_ptrs: Vec<*const c_char> = words.iter().map(|w| w.as_ptr()).collect();
    let items: Vec<u32> = (0..16).collect();
    let mut out = vec![0u8; 512];

    for i in 0..iters {
        // C allocates, Rust reads, C frees.
        let p = unsafe { bh_make_label(i, i.wrapping_mul(2654435761)) };
        assert!(!p.is_null());
        let label = unsafe { CStr::from_ptr(p) };
        checksum = checksum.wrapping_add(label.to_bytes().len() as u64);
        unsafe { bh_free_label(p) };
        crossings += 2;

        // Rust lends a (pointer, length) slice of varying size.
        let off = (i as usize * 13) % 2048;
        let len = 1 + (i as usize * 29) % 2048;
        let part = &blob[off..off + len];
        checksum = checksum.wrapping_add(unsafe { bh_checksum(part.as_ptr(), part.len()) });
        crossings += 1;

        // Rust lends an array of C strings.
        checksum = checksum
            .wrapping_add(unsafe { bh_strlen_sum(word_ptrs.as_ptr(), word_ptrs.len()) } as u64);
        crossings += 1;

        // A short-lived Rust CString lent for one call.
        let tmp = CString::new(format!("tmp-{}", i % 1000)).unwrap();
        let one = [tmp.as_ptr()];
        checksum = checksum.wrapping_add(unsafe { bh_strlen_sum(one.as_ptr(), 1) } as u64);
        crossings += 1;

        // Rust lends an exclusive buffer that C fills.
        let cap = 1 + (i as usize * 17) % out.len();
        let n = unsafe { bh_fill(out.as_mut_ptr(), cap, i as u8) };
        checksum = checksum.wrapping_add(n as u64 + out[cap - 1] as u64);
        crossings += 1;

        // C calls back into Rust for every element.
        let count = 1 + (i as usize % items.len());
        unsafe {
            bh_for_each(
                items.as_ptr(),
                count,
                visit,
                &mut visitor as *mut Visitor as *mut c_void,
            )
        };
        crossings += 1;
        black_box(&out);
    }

    crossings += visitor.calls;
    checksum = checksum.wrapping_add(visitor.sum);
    println!("crossings: {}", crossings);
    println!("checksum: {}", checksum);
}
