#[repr(C)]
pub struct Pair {
    a: u64,
    b: u64,
}

extern "C" {
    // Implemented in C++: releases a Pair made with new.
    fn cxx_delete_pair(p: *mut Pair);
}

#[no_mangle]
pub extern "C" fn rs_new_pair() -> *mut Pair {
    Box::into_raw(Box::new(Pair { a: 3, b: 4 }))
}

#[no_mangle]
pub unsafe extern "C" fn rs_drop_pair(p: *mut Pair) {
    drop(Box::from_raw(p));
}

// Borrows a C++ Pair, then hands it back to C++ for deletion.
#[no_mangle]
pub unsafe extern "C" fn rs_consume_cxx_pair(p: *mut Pair) -> u64 {
    let s = (*p).a + (*p).b;
    cxx_delete_pair(p);
    std::hint::black_box(s)
}
