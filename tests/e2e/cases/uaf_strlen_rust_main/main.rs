// C frees a string, Rust later reads it with CStr::from_ptr (-> strlen):
// heap-use-after-free.
use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn c_make_name() -> *mut c_char;
    fn c_free_name(p: *mut c_char);
}

#[inline(never)]
fn name_len(p: *const c_char) -> usize {
    let n = unsafe { CStr::from_ptr(p) }.to_bytes().len(); // line:strlen
    std::hint::black_box(n)
}

fn main() {
    let p = unsafe { c_make_name() }; // line:make
    unsafe { c_free_name(p) }; // line:release
    let n = name_len(p); // line:use
    eprintln!("done {}", n);
}
