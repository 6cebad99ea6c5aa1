// A Rust cdylib loaded with dlopen after start-up: its allocator must be
// tracked like a linked one.
#[no_mangle]
pub extern "C" fn rs_make_buffer(n: usize) -> *mut u8 {
    let v = vec![7u8; n]; // line:alloc
    Box::into_raw(v.into_boxed_slice()) as *mut u8
}

#[no_mangle]
pub unsafe extern "C" fn rs_free_buffer(p: *mut u8, n: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n)));
}
