// Rust buffer (global allocator) released by C free(): alloc-dealloc-mismatch,
// unless a suppression matches a frame of the release stack.
use std::os::raw::c_void;

extern "C" {
    fn c_release_buffer(p: *mut c_void);
}

#[inline(never)]
fn make_buffer(n: usize) -> *mut u8 {
    let v: Vec<u8> = vec![7u8; n];
    Box::into_raw(v.into_boxed_slice()) as *mut u8
}

fn main() {
    let p = make_buffer(24);
    unsafe { c_release_buffer(p as *mut c_void) }; // line:call
    std::hint::black_box(p);
    eprintln!("done");
}
