#[no_mangle]
pub extern "C" fn rs_make_buffer(n: usize) -> *mut u8 {
    let v = vec![0u8; n];
    Box::into_raw(v.into_boxed_slice()) as *mut u8
}

#[no_mangle]
pub extern "C" fn rs_make_tag() -> *mut u8 {
    let b: Box<[u8]> = b"ABCDEFGH\0".to_vec().into_boxed_slice();
    Box::into_raw(b) as *mut u8
}

#[no_mangle]
pub unsafe extern "C" fn rs_free_buffer(p: *mut u8, n: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n)));
}
