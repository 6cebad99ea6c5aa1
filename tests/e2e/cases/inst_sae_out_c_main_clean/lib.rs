// A Rust query front end over a C backend: the backend's answer comes back
// through an out-parameter that Rust passes on to its C caller.
extern "C" {
    fn c_backend_lookup(key: u32, out: *mut *const i32);
}

#[no_mangle]
pub unsafe extern "C" fn rs_query(key: u32, out: *mut *const i32) -> bool {
    if out.is_null() {
        return false;
    }
    c_backend_lookup(key.rotate_left(3), out);
    !(*out).is_null()
}
