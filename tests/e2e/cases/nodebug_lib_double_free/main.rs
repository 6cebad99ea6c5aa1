// Rust calls the no-debug C library and releases its string twice.
use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn name_dup(s: *const c_char) -> *mut c_char;
    fn name_free(p: *mut c_char);
}

fn main() {
    unsafe {
        let p = name_dup(c"label".as_ptr()); // line:alloc
        eprintln!("name {}", CStr::from_ptr(p).to_str().unwrap());
        name_free(p);
        name_free(p); // line:again
    }
    eprintln!("not reached");
}
