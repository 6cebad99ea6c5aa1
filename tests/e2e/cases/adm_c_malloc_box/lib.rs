#[repr(C)]
pub struct Pair {
    a: u64,
    b: u64,
}

// Takes ownership as a Box: wrong, the Pair was malloc'd by C.
#[no_mangle]
pub unsafe extern "C" fn rs_take_pair(p: *mut Pair) -> u64 {
    let b = Box::from_raw(p);
    let s = b.a + b.b;
    drop(b); // line:drop
    std::hint::black_box(s)
}
