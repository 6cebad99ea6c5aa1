use std::ffi::CString;
use std::os::raw::c_char;

// The caller owns the result and must give it back to rs_free_name.
#[no_mangle]
pub extern "C" fn rs_make_name() -> *mut c_char {
    CString::new("leaked-by-c").unwrap().into_raw() // line:alloc
}

#[no_mangle]
pub unsafe extern "C" fn rs_free_name(p: *mut c_char) {
    drop(CString::from_raw(p));
}
