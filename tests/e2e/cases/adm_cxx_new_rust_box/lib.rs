#[repr(C)]
pub struct Pair {
    a: u64,
    b: u64,
}

// Adopts a C++ `new Pair` as a Box and drops it.
#[no_mangle]
pub unsafe extern "C" fn rs_take_pair(p: *mut Pair) -> u64 {
    let b = Box::from_raw(p);
    let s = b.a + b.b;
    drop(b); // line:drop
    std::hint::black_box(s)
}
