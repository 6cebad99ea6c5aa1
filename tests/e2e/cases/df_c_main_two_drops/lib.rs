pub struct Counter {
    n: u64,
    name: [u8; 24],
}

#[no_mangle]
pub extern "C" fn rs_new_counter() -> *mut Counter {
    Box::into_raw(Box::new(Counter { n: 1, name: [b'c'; 24] })) // line:alloc
}

#[no_mangle]
pub unsafe extern "C" fn rs_drop_counter(p: *mut Counter) -> u64 {
    let b = Box::from_raw(p);
    let n = b.n + b.name[0] as u64;
    drop(b); // line:drop
    std::hint::black_box(n)
}
