use std::os::raw::c_void;

extern "C" {
    fn malloc(n: usize) -> *mut c_void;
}

pub struct Counter {
    n: u64,
    name: [u8; 24],
}

#[no_mangle]
pub unsafe extern "C" fn rs_make_block(n: usize) -> *mut c_void {
    let p = malloc(n);
    std::ptr::write_bytes(p as *mut u8, 5, n);
    p
}

#[no_mangle]
pub extern "C" fn rs_new_counter() -> *mut Counter {
    Box::into_raw(Box::new(Counter { n: 1, name: [b'c'; 24] }))
}

#[no_mangle]
pub unsafe extern "C" fn rs_drop_counter(p: *mut Counter) -> u64 {
    let b = Box::from_raw(p);
    b.n + b.name[0] as u64
}
