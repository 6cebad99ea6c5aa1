// Rust caller of name.c. Modes:
//   leak   : forgets a string name_dup() returned (a real boundary leak)
//   double : name_free()s the same string twice (a real double free)
use std::ffi::CStr;
use std::os::raw::c_char;
extern "C" {
    fn name_dup(s: *const c_char) -> *mut c_char;
    fn name_free(s: *mut c_char);
}
fn main() {
    let p = unsafe { name_dup(c"from C".as_ptr()) };
    println!("{:?}", unsafe { CStr::from_ptr(p) });
    if std::env::args().nth(1).as_deref() == Some("double") {
        unsafe { name_free(p); name_free(p) };
    }
}
