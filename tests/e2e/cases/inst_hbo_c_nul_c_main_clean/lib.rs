// A Rust library that lends C name buffers: a boxed slice of exactly `len`
// bytes (Rust global allocator), released by rs_name_free.
#[no_mangle]
pub extern "C" fn rs_name_buffer(len: usize) -> *mut u8 {
    let b: Box<[u8]> = vec![b'.'; len].into_boxed_slice(); // line:alloc
    Box::into_raw(b) as *mut u8
}

#[no_mangle]
pub unsafe extern "C" fn rs_name_free(p: *mut u8, len: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, len)));
}
