// Clean twin of uaf_strlen_rust_main: the string is read before C frees it.
use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn c_make_name() -> *mut c_char;
    fn c_free_name(p: *mut c_char);
}

#[inline(never)]
fn name_len(p: *const c_char) -> usize {
    let n = unsafe { CStr::from_ptr(p) }.to_bytes().len();
    std::hint::black_box(n)
}

fn main() {
    let p = unsafe { c_make_name() };
    let n = name_len(p);
    unsafe { c_free_name(p) };
    eprintln!("done {}", n);
}
