use std::os::raw::c_void;

extern "C" {
    fn memcpy(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void;
    fn memmove(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void;
}

#[no_mangle]
pub unsafe extern "C" fn rs_shift(buf: *mut u8, k: usize, n: usize) {
    memmove(buf.add(k) as *mut c_void, buf as *const c_void, n);
    std::hint::black_box(());
}

#[no_mangle]
pub unsafe extern "C" fn rs_copy(dst: *mut u8, src: *const u8, n: usize) {
    memcpy(dst as *mut c_void, src as *const c_void, n);
    std::hint::black_box(());
}
