// A Rust cdylib that takes ownership of a buffer C made with malloc and
// drops it as a Box: alloc-dealloc-mismatch with this library on the stack.
#[no_mangle]
pub unsafe extern "C" fn rs_take_buffer(p: *mut u8, n: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n))); // line:drop
}
