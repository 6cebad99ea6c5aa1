// Rust releases a C block with libc free() -- twice: double-free.
use std::os::raw::c_void;

extern "C" {
    fn c_make_block(n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

#[inline(never)]
fn release(p: *mut c_void) {
    unsafe { free(p) }; // line:free
    std::hint::black_box(());
}

fn main() {
    let p = unsafe { c_make_block(48) }; // line:make
    release(p); // line:first
    eprintln!("first release done");
    release(p); // line:second
    eprintln!("done");
}
