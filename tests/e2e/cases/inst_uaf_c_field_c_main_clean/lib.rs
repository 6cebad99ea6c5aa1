// A Rust registry of C widgets: clearing it destroys every widget through
// the C library's destroy function.
use std::sync::Mutex;

#[repr(C)]
pub struct Widget {
    _private: [u8; 0],
}

struct Ptr(*mut Widget);
unsafe impl Send for Ptr {}

static REGISTRY: Mutex<Vec<Ptr>> = Mutex::new(Vec::new());

extern "C" {
    fn widget_destroy(w: *mut Widget);
}

#[no_mangle]
pub extern "C" fn rs_registry_add(w: *mut Widget) {
    REGISTRY.lock().unwrap().push(Ptr(w));
}

#[no_mangle]
pub extern "C" fn rs_registry_clear() -> usize {
    let all: Vec<Ptr> = std::mem::take(&mut *REGISTRY.lock().unwrap());
    for p in &all {
        unsafe { widget_destroy(p.0) }; // line:destroy
    }
    all.len()
}
