//! The module's memory allocator: a free list per power-of-two block size, the blocks carved from
//! pages the module grows its memory by. The standard one (dlmalloc) is more code for every
//! visitor to download (BENCHMARKS.md, "What each build step buys", measures how much); the gate
//! allocates little (its config, its state, strings on their way to and from JS), so rounding a
//! request up to a power of two costs nothing that matters. The one module where `unsafe` is
//! allowed.
//! A freed block waits for the next request of its size. Nothing is given back: WebAssembly
//! memory cannot shrink. One thread: wasm32-unknown-unknown has no threads here.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::{copy_nonoverlapping, null_mut};

const PAGE: usize = 65536;
/// The smallest block, 8 bytes: room for the link of a free list.
const MIN_SHIFT: u32 = 3;
/// Block sizes 2^3 … 2^31.
const SIZES: usize = 29;

/// The allocator: free lists (the address of the first free block of each size, 0 for none; a free
/// block starts with the address of the next) and the unused part of the last pages grown.
pub struct Blocks(UnsafeCell<Heap>);

struct Heap {
    free: [usize; SIZES],
    next: usize,
    end: usize,
}

// SAFETY: one thread (see the module doc), and no call here calls out of the module.
unsafe impl Sync for Blocks {}

#[global_allocator]
static ALLOCATOR: Blocks = Blocks(UnsafeCell::new(Heap { free: [0; SIZES], next: 0, end: 0 }));

/// The block size a layout gets, as an index into the free lists (`None`: larger than any).
fn size_class(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = usize::BITS - (size - 1).leading_zeros();
    let class = (shift - MIN_SHIFT) as usize;
    (class < SIZES).then_some(class)
}

impl Heap {
    /// A block of `1 << (class + MIN_SHIFT)` bytes, aligned to its size (or to a page, for larger
    /// ones): from its free list, else from the unused pages, else from new ones; null if memory
    /// cannot grow.
    unsafe fn take(&mut self, class: usize) -> *mut u8 {
        let head = self.free[class];
        if head != 0 {
            self.free[class] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1usize << (class as u32 + MIN_SHIFT);
        let align = size.min(PAGE);
        loop {
            let start = self.next.checked_add(align - 1).map(|n| n & !(align - 1));
            if let Some(end) = start.and_then(|start| start.checked_add(size)).filter(|&end| end <= self.end) {
                self.next = end;
                return (end - size) as *mut u8;
            }
            let pages = size / PAGE + 1;
            let previous = wasm32::memory_grow(0, pages);
            if previous == usize::MAX {
                return null_mut();
            }
            // Pages that do not follow the last ones start a new stretch (the rest is left).
            if previous * PAGE != self.end {
                self.next = previous * PAGE;
            }
            // All 4 GiB would be one past the last address: the end stays one byte short.
            self.end = (previous + pages).saturating_mul(PAGE);
        }
    }

    unsafe fn give(&mut self, ptr: *mut u8, class: usize) {
        *(ptr as *mut usize) = self.free[class];
        self.free[class] = ptr as usize;
    }
}

unsafe impl GlobalAlloc for Blocks {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match size_class(layout) {
            Some(class) => (*self.0.get()).take(class),
            None => null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = size_class(layout) {
            (*self.0.get()).give(ptr, class);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let (Some(old), Some(new)) = (size_class(layout), size_class(new_layout)) else { return null_mut() };
        if old == new {
            return ptr; // the block already has room
        }
        let heap = &mut *self.0.get();
        let moved = heap.take(new);
        if !moved.is_null() {
            copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
            heap.give(ptr, old);
        }
        moved
    }
}
