// Clean twin of hbo_memcpy_rust_main / hbo_strlen_rust_main: in-bounds copy
// (exactly the buffer size), NUL-terminated tag.
use std::os::raw::{c_char, c_void};

extern "C" {
    fn c_fill(dst: *mut c_void, src: *const c_void, n: usize);
    fn c_tag_len(tag: *const c_char) -> usize;
}

fn main() {
    let mut v: Vec<u8> = vec![0u8; 16];
    let src = [0x41u8; 64];
    unsafe { c_fill(v.as_mut_ptr() as *mut c_void, src.as_ptr() as *const c_void, 16) };
    let t: Box<[u8]> = b"ABCDEFGH\0".to_vec().into_boxed_slice();
    let n = unsafe { c_tag_len(t.as_ptr() as *const c_char) };
    std::hint::black_box(&mut v);
    eprintln!("done {} {}", v[15], n);
}
