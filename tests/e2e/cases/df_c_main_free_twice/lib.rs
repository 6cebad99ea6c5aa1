use std::os::raw::c_void;

extern "C" {
    fn malloc(n: usize) -> *mut c_void;
}

// Rust hands C a block from libc malloc (so free() is the right release).
#[no_mangle]
pub unsafe extern "C" fn rs_make_block(n: usize) -> *mut c_void {
    let p = malloc(n); // line:malloc
    std::ptr::write_bytes(p as *mut u8, 5, n);
    p
}
