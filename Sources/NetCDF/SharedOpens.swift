#if canImport(Glibc)
internal import Glibc
#else
internal import Darwin
#endif

/// A file on disk, by device and inode, so that two paths to one file (a symlink, `./a.nc` and
/// `a.nc`) are recognised as the same file.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path`, or nil when it cannot be read (`nc_open` then reports
    /// the problem).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// The files open for reading in this process, each with its one netCDF id and the number of
/// handles on it.
///
/// HDF5 (1.10, as shipped with netCDF-C 4.9) keeps one internal record per file on disk: a second
/// `nc_open` of a NetCDF-4 file already open shares the first open's datasets. When either open
/// is closed the other reads freed memory, and the next read of a string variable crashes the
/// process inside `H5F_addr_decode`. Two readers of one file (a test suite in parallel, a library
/// user reading a file from two places, a run whose history is its input) therefore share one
/// netCDF id, closed when the last handle closes. Guarded by `NetCDFLock`.
enum SharedOpens {
    nonisolated(unsafe) private static var opens: [FileIdentity: (ncid: Int32, handles: Int)] = [:]

    /// The netCDF id of `identity` if it is open, counting one more handle on it.
    static func retain(_ identity: FileIdentity) -> Int32? {
        guard let open = opens[identity] else { return nil }
        opens[identity] = (open.ncid, open.handles + 1)
        return open.ncid
    }

    /// Records a fresh open with one handle.
    static func insert(_ identity: FileIdentity, ncid: Int32) {
        opens[identity] = (ncid, 1)
    }

    /// Drops one handle; true when it was the last, and the id is to be closed.
    static func release(_ identity: FileIdentity) -> Bool {
        guard let open = opens[identity] else { return true }
        if open.handles > 1 {
            opens[identity] = (open.ncid, open.handles - 1)
            return false
        }
        opens[identity] = nil
        return true
    }
}
