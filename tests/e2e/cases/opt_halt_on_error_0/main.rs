// With halt_on_error=0 every error is reported and the program runs to its
// end; the exit status is then the exitcode (1).
use std::ffi::CStr;
use std::os::raw::{c_char, c_void};

extern "C" {
    fn c_release_buffer(p: *mut c_void);
    fn c_make_name() -> *mut c_char;
    fn c_free_name(p: *mut c_char);
}

#[inline(never)]
fn mismatch() {
    let p = Box::into_raw(vec![1u8; 24].into_boxed_slice()) as *mut u8;
    unsafe { c_release_buffer(p as *mut c_void) }; // line:first
    std::hint::black_box(p);
}

#[inline(never)]
fn double_free() {
    let p = unsafe { c_make_name() };
    let n = unsafe { CStr::from_ptr(p) }.to_bytes().len();
    unsafe { c_free_name(p) };
    unsafe { c_free_name(p) }; // line:second
    std::hint::black_box(n);
}

fn main() {
    mismatch();
    eprintln!("after first error");
    double_free();
    eprintln!("after second error");
}
