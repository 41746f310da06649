import Foundation

/// `body(0) … body(n − 1)` on up to `threads` threads; results in index order, whatever the
/// scheduling (each index is computed by exactly one thread and stored at its own position).
func parallelMap<T>(_ n: Int, threads: Int, _ body: (Int) -> T) -> [T] {
    guard n > 0 else { return [] }
    let workers = max(1, min(threads, n))
    if workers == 1 { return (0..<n).map(body) }
    let out = UnsafeMutableBufferPointer<T>.allocate(capacity: n)
    defer { out.deallocate() }
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        nonisolated(unsafe) let out = out
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: n, by: workers) { (out.baseAddress! + i).initialize(to: body(i)) }
        }
    }
    let result = Array(out)
    _ = out.baseAddress!.deinitialize(count: n)
    return result
}
