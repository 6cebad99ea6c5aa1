// Rust passes an exact-length, non-NUL-terminated buffer to C, which calls
// strlen on it: heap-buffer-overflow (read past the end).
use std::os::raw::c_char;

extern "C" {
    fn c_tag_len(tag: *const c_char) -> usize;
}

#[inline(never)]
fn make_tag() -> *mut u8 {
    let b: Box<[u8]> = b"ABCDEFGH".to_vec().into_boxed_slice(); // line:alloc
    Box::into_raw(b) as *mut u8
}

fn main() {
    let t = make_tag(); // line:make
    let n = unsafe { c_tag_len(t as *const c_char) }; // line:call
    eprintln!("done {}", n);
}
