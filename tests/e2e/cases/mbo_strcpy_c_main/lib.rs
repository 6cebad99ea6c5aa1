use std::ffi::CString;
use std::os::raw::c_char;

#[no_mangle]
pub extern "C" fn rs_make_text() -> *mut c_char {
    // 31 characters of room, a 10-character string
    let mut v = b"abcdefghij".to_vec();
    v.resize(31, b'.');
    let c = CString::new(v).unwrap().into_raw();
    unsafe { *c.add(10) = 0 };
    c
}

#[no_mangle]
pub unsafe extern "C" fn rs_free_text(p: *mut c_char) {
    drop(CString::from_raw(p));
}
