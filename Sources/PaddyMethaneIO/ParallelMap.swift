import Foundation
import Synchronization

/// `body(0) … body(n − 1)` on up to `threads` threads; results in index order, whatever the
/// scheduling (each index is computed by exactly one thread and stored at its own position).
/// Each thread takes the next index not yet taken, so that a thread that lost its core to
/// another (the reading thread, another process) delays the others by one index at most, not
/// by the share a fixed partition would have left it.
func parallelMap<T>(_ n: Int, threads: Int, _ body: (Int) -> T) -> [T] {
    guard n > 0 else { return [] }
    let workers = max(1, min(threads, n))
    if workers == 1 { return (0..<n).map(body) }
    let out = UnsafeMutableBufferPointer<T>.allocate(capacity: n)
    defer { out.deallocate() }
    let next = Atomic<Int>(0)
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        nonisolated(unsafe) let out = out
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while case let i = next.wrappingAdd(1, ordering: .relaxed).oldValue, i < n {
                (out.baseAddress! + i).initialize(to: body(i))
            }
        }
    }
    let result = Array(out)
    _ = out.baseAddress!.deinitialize(count: n)
    return result
}
