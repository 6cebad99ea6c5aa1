// Returns an exact-length tag: 8 bytes, no NUL terminator.
#[no_mangle]
pub extern "C" fn rs_make_tag() -> *mut u8 {
    let b: Box<[u8]> = b"ABCDEFGH".to_vec().into_boxed_slice(); // line:alloc
    Box::into_raw(b) as *mut u8
}
