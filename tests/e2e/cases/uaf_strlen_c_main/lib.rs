use std::ffi::CString;
use std::os::raw::c_char;

#[no_mangle]
pub extern "C" fn rs_make_name() -> *mut c_char {
    CString::new("boundary-name").unwrap().into_raw() // line:alloc
}

#[no_mangle]
pub unsafe extern "C" fn rs_free_name(p: *mut c_char) {
    let s = CString::from_raw(p);
    drop(s); // line:free
    std::hint::black_box(());
}
