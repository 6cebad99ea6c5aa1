//! The Rust half of the fuzzing test library: hands C a Rust-allocated,
//! NUL-terminated copy of a label, and takes it back.
use std::ffi::CString;
use std::os::raw::c_char;

#[no_mangle]
pub unsafe extern "C" fn rs_label_name(data: *const u8, len: usize) -> *mut c_char {
    let bytes: Vec<u8> = std::slice::from_raw_parts(data, len)
        .iter()
        .map(|&b| if b == 0 { b'?' } else { b })
        .collect();
    CString::new(bytes).unwrap().into_raw()
}

#[no_mangle]
pub unsafe extern "C" fn rs_label_free(name: *mut c_char) {
    drop(CString::from_raw(name));
}
