use std::os::raw::c_void;

extern "C" {
    fn memcpy(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void;
}

// Shifts the first n bytes of buf right by k with memcpy: overlapping.
#[no_mangle]
pub unsafe extern "C" fn rs_shift(buf: *mut u8, k: usize, n: usize) {
    memcpy(buf.add(k) as *mut c_void, buf as *const c_void, n); // line:memcpy
    std::hint::black_box(());
}
