use std::os::raw::c_void;

extern "C" {
    fn free(p: *mut c_void);
}

// Takes ownership of a C block and releases it with libc free().
#[no_mangle]
pub unsafe extern "C" fn rs_release(p: *mut c_void) {
    free(p); // line:free
    std::hint::black_box(());
}
