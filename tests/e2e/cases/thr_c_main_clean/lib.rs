use std::os::raw::c_void;

extern "C" {
    fn malloc(n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

#[no_mangle]
pub extern "C" fn rs_alloc(n: usize, fill: u8) -> *mut u8 {
    Box::into_raw(vec![fill; n].into_boxed_slice()) as *mut u8
}

#[no_mangle]
pub unsafe extern "C" fn rs_free(p: *mut u8, n: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n)));
}

// Rust allocates with libc malloc; C releases with free().
#[no_mangle]
pub unsafe extern "C" fn rs_malloc(n: usize) -> *mut u8 {
    let p = malloc(n) as *mut u8;
    *p = n as u8;
    p
}

// Rust releases a C block with libc free().
#[no_mangle]
pub unsafe extern "C" fn rs_release(p: *mut u8) -> u8 {
    let v = *p;
    free(p as *mut c_void);
    v
}
