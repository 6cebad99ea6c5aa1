#[no_mangle]
pub extern "C" fn rs_make_buffer(n: usize) -> *mut u8 {
    let v = vec![0u8; n]; // line:alloc
    Box::into_raw(v.into_boxed_slice()) as *mut u8
}
