#[repr(C)]
pub struct Pair {
    a: u64,
    b: u64,
}

// Only borrows the Pair; C keeps ownership and frees it.
#[no_mangle]
pub unsafe extern "C" fn rs_sum_pair(p: *const Pair) -> u64 {
    (*p).a + (*p).b
}

// A Box made and released by Rust, its pointer passing through C.
#[no_mangle]
pub extern "C" fn rs_new_pair() -> *mut Pair {
    Box::into_raw(Box::new(Pair { a: 3, b: 4 }))
}

#[no_mangle]
pub unsafe extern "C" fn rs_drop_pair(p: *mut Pair) {
    drop(Box::from_raw(p));
}
