// Clean twin of mbo_memcpy_rust_main / mbo_strcpy_rust_main: memmove for
// the overlapping shift, memcpy/strcpy only between disjoint regions
// (including two adjacent halves of one buffer).
use std::os::raw::c_char;

extern "C" {
    fn c_shift(buf: *mut u8, k: usize, n: usize);
    fn c_copy(dst: *mut u8, src: *const u8, n: usize);
    fn c_copy_str(dst: *mut c_char, src: *const c_char);
}

fn main() {
    let mut v: Vec<u8> = (0..64u8).collect();
    unsafe { c_shift(v.as_mut_ptr(), 8, 32) };
    let mut w = vec![0u8; 64];
    unsafe { c_copy(w.as_mut_ptr(), v.as_ptr(), 64) };
    // adjacent, not overlapping: [0,32) -> [32,64)
    unsafe { c_copy(w.as_mut_ptr().add(32), w.as_ptr(), 32) };
    let mut s = vec![0u8; 32];
    s[..6].copy_from_slice(b"hello\0");
    unsafe { c_copy_str(s.as_mut_ptr().add(16) as *mut c_char, s.as_ptr() as *const c_char) };
    eprintln!("done {} {} {}", v[8], w[40], s[16]);
}
