// Rust buffer (global allocator) released by C free(): alloc-dealloc-mismatch.
use std::os::raw::c_void;

extern "C" {
    fn c_release_buffer(p: *mut c_void);
}

#[inline(never)]
fn make_buffer(n: usize) -> *mut u8 {
    let v: Vec<u8> = vec![7u8; n]; // line:alloc
    Box::into_raw(v.into_boxed_slice()) as *mut u8
}

fn main() {
    let p = make_buffer(24); // line:make
    unsafe { c_release_buffer(p as *mut c_void) }; // line:call
    std::hint::black_box(p);
    eprintln!("done");
}
