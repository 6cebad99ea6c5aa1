#[no_mangle]
pub extern "C" fn rs_make_buffer(n: usize) -> *mut u8 {
    Box::into_raw(vec![7u8; n].into_boxed_slice()) as *mut u8
}

#[no_mangle]
pub unsafe extern "C" fn rs_free_buffer(p: *mut u8, n: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n)));
}

// Allocates and releases inside Rust.
#[no_mangle]
pub extern "C" fn rs_churn(n: usize) -> usize {
    let v: Vec<u64> = (0..n as u64).collect();
    let s: String = format!("{}", v.len());
    v.len() + s.len()
}
