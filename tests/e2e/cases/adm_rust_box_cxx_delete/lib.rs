#[repr(C)]
pub struct Pair {
    a: u64,
    b: u64,
}

#[no_mangle]
pub extern "C" fn rs_new_pair() -> *mut Pair {
    Box::into_raw(Box::new(Pair { a: 3, b: 4 })) // line:alloc
}
