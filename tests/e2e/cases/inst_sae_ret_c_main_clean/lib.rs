// A Rust slot allocator that delegates storage to the C application: it
// hashes the name and asks C for the slot, then hands C's pointer back.
extern "C" {
    fn c_slot_for(key: u32) -> *mut i32;
}

#[no_mangle]
pub unsafe extern "C" fn rs_slot(name: *const std::os::raw::c_char) -> *mut i32 {
    let key = std::ffi::CStr::from_ptr(name)
        .to_bytes()
        .iter()
        .fold(5381u32, |h, &b| h.wrapping_mul(33) ^ b as u32);
    c_slot_for(key)
}
