// Rust frees an interior pointer of a C block with libc free():
// invalid-free (interior pointer).
use std::os::raw::c_void;

extern "C" {
    fn c_make_block(n: usize) -> *mut u8;
    fn free(p: *mut c_void);
}

#[inline(never)]
fn release(p: *mut u8) {
    unsafe { free(p as *mut c_void) }; // line:free
    std::hint::black_box(());
}

fn main() {
    let p = unsafe { c_make_block(32) }; // line:make
    let header_skipped = unsafe { p.add(8) };
    release(header_skipped); // line:call
    eprintln!("done");
}
